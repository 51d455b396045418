import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** A throwaway Redis Cluster of real redis-server processes (masters only), in a temporary directory. */
export interface LocalCluster {
  ports: number[];
  /** The REDIS_CLUSTER_NODES value for it. */
  nodes: string;
  /** The port of the master that serves a key's hash slot. */
  masterFor(key: string): Promise<number>;
  /** Kills one master's process (SIGKILL) and starts it again on the same port and files; resolves when the cluster is ok again. */
  restart(port: number, downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function startServer(dir: string, port: number, extra: string[]): ChildProcess {
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--cluster-enabled', 'yes',
    '--cluster-config-file', `nodes-${port}.conf`,
    '--cluster-node-timeout', '2000',
    '--dir', dir,
    '--save', '',
    '--appendfilename', `appendonly-${port}.aof`,
    '--appenddirname', `aof-${port}`,
    '--daemonize', 'no',
    '--logfile', join(dir, `redis-${port}.log`),
    ...extra,
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`local Redis Cluster: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function askRaw(port: number, ...cmd: [string, ...string[]]): Promise<unknown> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await r.call(...cmd);
  } finally {
    r.disconnect();
  }
}

async function ask(port: number, ...cmd: [string, ...string[]]): Promise<string> {
  return String(await askRaw(port, ...cmd));
}

const clusterOk = (port: number) => async () => /cluster_state:ok/.test(await ask(port, 'CLUSTER', 'INFO'));

/**
 * Starts `ports.length` masters with `--cluster-enabled yes` and joins them with
 * `redis-cli --cluster create ... --cluster-replicas 0`. `persist` turns on the append-only file
 * (fsync always), so a restarted master comes back with its keys.
 */
export async function startLocalCluster(ports: number[], opts: { persist?: boolean } = {}): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'newsline-cluster-'));
  const extra = opts.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const procs = new Map<number, ChildProcess>();
  const stopAll = async (): Promise<void> => {
    await Promise.all(
      [...procs.values()].map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            p.once('exit', () => resolve());
            p.kill('SIGKILL');
          }),
      ),
    );
    procs.clear();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) procs.set(port, startServer(dir, port, extra));
    for (const port of ports) await waitFor(`redis-server on ${port}`, async () => (await ask(port, 'PING')) === 'PONG');
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    for (const port of ports) await waitFor(`cluster_state:ok on ${port}`, clusterOk(port));
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    ports,
    nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
    async masterFor(key) {
      const slot = Number(await ask(ports[0]!, 'CLUSTER', 'KEYSLOT', key));
      const shards = (await askRaw(ports[0]!, 'CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
      const owner = shards.find(([from, to]) => slot >= from && slot <= to);
      if (!owner) throw new Error(`no master serves slot ${slot}`);
      return owner[2][1];
    },
    async restart(port, downMs = 500) {
      const p = procs.get(port);
      if (!p) throw new Error(`no master on ${port}`);
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
      await new Promise((r) => setTimeout(r, downMs));
      procs.set(port, startServer(dir, port, extra));
      await waitFor(`restarted master on ${port}`, async () => (await ask(port, 'PING')) === 'PONG');
      for (const q of ports) await waitFor(`cluster_state:ok on ${q} after the restart`, clusterOk(q));
    },
    stop: stopAll,
  };
}
