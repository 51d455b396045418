import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../services/cli/src/paths.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { deletePrefix, uniquePrefix } from './support/redis.js';
import { redisUrl } from './support/env.js';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function newsline(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitForOutput(run: Run, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = run.stdout().match(pattern);
    if (m) return m;
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode}: ${run.stdout()} ${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${run.stdout()}\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('newsline start', () => {
  let t: TestDatabase;
  const prefix = uniquePrefix('start');
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
    await deletePrefix(prefix);
  });

  it('migrates, serves the dashboard, replays the seeds on first run only, and stops on SIGTERM', { timeout: 240_000 }, async () => {
    const env = { DATABASE_URL: t.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, DASHBOARD_PORT: '0' };
    const first = newsline(['start'], env);
    await waitForOutput(first, /Newsline is running/, 90_000);
    expect(first.stdout()).toMatch(/First run: replaying the seed corpus/);
    expect(first.stdout()).toMatch(/articles stored\s+5/);
    const url = first.stdout().match(/Dashboard: (http:\/\/\S+)/)![1]!;
    const health = await fetch(url.replace(/\/queues$/, '/healthz'));
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok', postgres: 'ok' } });
    expect((await fetch(url)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);

    const second = newsline(['start'], env);
    await waitForOutput(second, /Newsline is running/, 90_000);
    expect(second.stdout()).not.toMatch(/First run/);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
    const { count } = await t.db.selectFrom('articles').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(5);
  });

  it('stops with a message naming REDIS_URL when Redis is not reachable', async () => {
    const run = newsline(['start'], { DATABASE_URL: t.url, REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: prefix });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/REDIS_URL=redis:\/\/127\.0\.0\.1:1/);
    expect(run.stderr()).toMatch(/docker compose up -d/);
  });

  it('names the bad variable when the configuration is invalid', async () => {
    const run = newsline(['status'], { QUEUE_PREFIX: 'has:colon' });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/QUEUE_PREFIX="has:colon"/);
  });
});
