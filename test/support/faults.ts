// Private Postgres and Redis instances for fault tests: real servers a test may stop, kill and
// restart without disturbing anything else. Each test file uses its own port (6390-6394 for
// Redis, 5440-5444 for Postgres) and removes its instance afterwards.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../../services/cli/src/paths.js';

export interface PrivatePostgres {
  /** A URL on this server for the given database. */
  url(database: string): string;
  stop(): void;
  start(): void;
  drop(): void;
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** A Postgres 15 cluster of its own (pg_createcluster), trust authentication, started. */
export function createPrivatePostgres(port: number): PrivatePostgres {
  const name = `newsline_fault_${port}`;
  try {
    run('pg_dropcluster', ['15', name, '--stop']);
  } catch {
    // none left over
  }
  run('pg_createcluster', ['15', name, '-p', String(port), '--', '--auth-local=trust', '--auth-host=trust']);
  run('pg_ctlcluster', ['15', name, 'start']);
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => void run('pg_ctlcluster', ['15', name, 'stop', '-m', 'fast']),
    start: () => void run('pg_ctlcluster', ['15', name, 'start']),
    drop: () => {
      try {
        run('pg_dropcluster', ['15', name, '--stop']);
      } catch {
        // already gone
      }
    },
  };
}

export interface PrivateRedis {
  url: string;
  /** SIGKILL: with no persistence, everything in it is lost. */
  kill(): Promise<void>;
  /** Starts it again (empty, when it had no persistence). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server of its own on `port`, with no persistence unless extra arguments ask for it. */
export async function createPrivateRedis(port: number, extra: string[] = []): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), `newsline-redis-${port}-`));
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!/Ready to accept connections/.test(out)) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited: ${out}`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

/** A Newsline entry point (e.g. services/worker/src/main.ts) in its own process. */
export function startNode(script: string, args: string[], env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => out,
    exited: () => exit,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}
