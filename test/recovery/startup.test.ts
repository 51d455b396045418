import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startNode } from '../support/faults.js';
import { deletePrefix, uniquePrefix } from '../support/redis.js';
import { redisUrl } from '../support/env.js';

const CLI = 'services/cli/src/main.ts';

/** Runs a process to its end (or fails after `ms`: it hung). */
async function runToEnd(script: string, args: string[], env: Record<string, string>, ms = 60_000) {
  const p = startNode(script, args, env);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((r) => {
    timer = setTimeout(() => r('hung'), ms);
  });
  const end = await Promise.race([p.exited(), hung]);
  clearTimeout(timer);
  if (end === 'hung') {
    p.child.kill('SIGKILL');
    throw new Error(`still running after ${ms} ms: ${p.output()}`);
  }
  return { code: end.code, output: p.output() };
}

describe('newsline start when its dashboard cannot start', () => {
  let t: TestDatabase;
  let busy: Server;
  let port: number;
  const prefix = uniquePrefix('startfail');
  beforeAll(async () => {
    t = await createTestDatabase();
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    busy?.close();
    await t?.drop();
    await deletePrefix(prefix);
  });

  it('exits 1 with the reason when the port is in use, before starting any worker', { timeout: 90_000 }, async () => {
    const r = await runToEnd(CLI, ['start'], { DATABASE_URL: t.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, DASHBOARD_PORT: String(port) });
    expect(r.code).toBe(1);
    expect(r.output).toContain(`newsline: the dashboard cannot listen on 127.0.0.1:${port}: the address is in use`);
    expect(r.output).not.toMatch(/Workers:|First run/);
    const { count } = await t.db.selectFrom('articles').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });

  it('exits 1 with the reason when it would be exposed without credentials', { timeout: 90_000 }, async () => {
    const r = await runToEnd(CLI, ['start'], { DATABASE_URL: t.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, DASHBOARD_HOST: '0.0.0.0', DASHBOARD_PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/refusing to serve the dashboard on DASHBOARD_HOST=0\.0\.0\.0 without credentials/);
  });
});

describe('a bad setting', () => {
  it('gives the worker, the dashboard and the CLI the same clean message, without a stack trace', { timeout: 90_000 }, async () => {
    const env = { WORKER_CONCURRENCY: 'lots', QUEUE_PREFIX: 'has:colon' };
    const [cli, worker, dashboard] = await Promise.all([
      runToEnd(CLI, ['status'], env),
      runToEnd('services/worker/src/main.ts', [], env),
      runToEnd('services/dashboard/src/main.ts', [], env),
    ]);
    expect(cli.code).toBe(1);
    expect(cli.output).toMatch(/^Invalid configuration:\n {2}QUEUE_PREFIX="has:colon": .*\n {2}WORKER_CONCURRENCY="lots": .*\n$/);
    for (const r of [worker, dashboard]) {
      expect(r.code).toBe(1);
      expect(r.output).toBe(cli.output);
    }
  });
});
