import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createThreadPool, WALL_LIMIT_FACTOR, type ThreadPool, type ThreadTaskFailure } from './thread-pool.js';
import type { TestTask } from './thread-pool-test-worker.js';

class PoolError extends Error {
  constructor(readonly kind: ThreadTaskFailure, message: string) {
    super(message);
  }
}

const LIMIT_MS = 300;
let pool: ThreadPool<TestTask, string> | null = null;
const open = () =>
  (pool = createThreadPool<TestTask, string>({
    callerUrl: import.meta.url,
    workerName: 'thread-pool-test-worker',
    size: 1,
    timeoutMs: LIMIT_MS,
    error: (kind, task, detail) => new PoolError(kind, `${task}: ${detail}`),
  }));

afterEach(async () => {
  await pool?.close();
  pool = null;
});

// The thread's CPU clock is read from /proc: where there is none, the limit is wall-clock time.
describe.runIf(existsSync('/proc/thread-self'))('the time limit of a thread pool task', () => {
  it('cuts off a task that uses its limit in CPU, as the task\'s fault', async () => {
    const err = await open().run({ kind: 'spin', ms: 5 * LIMIT_MS }, 'spinner').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoolError);
    expect((err as PoolError).kind).toBe('timeout');
    expect((err as Error).message).toMatch(/^spinner: exceeded the time limit of 300 ms \(\d+ ms of CPU\)$/);
  });

  it('lets a task run past its limit in wall-clock time while its thread uses no CPU (waiting for a core)', async () => {
    const p = open();
    const t0 = Date.now();
    await expect(p.run({ kind: 'wait', ms: 4 * LIMIT_MS }, 'waiter')).resolves.toBe(`wait ${4 * LIMIT_MS}`);
    expect(Date.now() - t0).toBeGreaterThan(4 * LIMIT_MS);
    // the same thread goes on with the next task
    await expect(p.run({ kind: 'spin', ms: 10 }, 'next')).resolves.toBe('spin 10');
    expect(p.size).toBe(1);
  });

  it('gives up on a task whose thread gets no CPU for many times its limit, as the machine\'s fault', async () => {
    const t0 = Date.now();
    const err = await open().run({ kind: 'wait', ms: (WALL_LIMIT_FACTOR + 5) * LIMIT_MS }, 'starved').catch((e: unknown) => e);
    const waited = Date.now() - t0;
    expect((err as PoolError).kind).toBe('overloaded');
    expect((err as Error).message).toMatch(/^starved: got \d+ ms of CPU in \d+ ms, 10 times its time limit of 300 ms: the machine is overloaded$/);
    expect(waited).toBeGreaterThanOrEqual(WALL_LIMIT_FACTOR * LIMIT_MS);
    expect(waited).toBeLessThan((WALL_LIMIT_FACTOR + 5) * LIMIT_MS);
  });
});
