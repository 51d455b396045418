import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createLogger, loadConfig } from '@newsline/core';
import { ensureDatabase, FINAL_STATUSES, migrateToLatest, createDb } from '@newsline/db';
import { openRuntime, type Runtime } from '@newsline/worker';
import { replay } from '../../services/cli/src/commands/replay.js';
import { createPrivatePostgres, startNode, type NodeProcess, type PrivatePostgres } from '../support/faults.js';
import { deletePrefix, uniquePrefix } from '../support/redis.js';
import { redisUrl } from '../support/env.js';
import { seedCopies } from './corpus.js';

const PORT = 5440;
const OUTAGE_MS = 60_000;

describe('Postgres stopped for 60 s in the middle of a run', () => {
  let pg: PrivatePostgres;
  let rt: Runtime;
  let worker: NodeProcess | undefined;
  const prefix = uniquePrefix('pgdown');
  let env: Record<string, string>;

  beforeAll(async () => {
    pg = createPrivatePostgres(PORT);
    const url = pg.url('newsline_fault');
    await ensureDatabase(url);
    const db = createDb(url, { max: 4 });
    await migrateToLatest(db);
    env = { DATABASE_URL: url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: '2' };
    rt = await openRuntime(loadConfig(env), createLogger('silent'), { db });
  }, 120_000);
  afterAll(async () => {
    if (worker?.alive()) worker.child.kill('SIGKILL');
    await rt?.queues.obliterate().catch(() => undefined);
    await rt?.close().catch(() => undefined);
    pg?.drop();
    await deletePrefix(prefix);
  });

  async function progress() {
    const rows = await rt.db.selectFrom('articles').select('status').execute();
    return { total: rows.length, final: rows.filter((r) => FINAL_STATUSES.includes(r.status)).length, failed: rows.filter((r) => r.status === 'failed').length };
  }

  it('the worker survives, waits for Postgres, and every article ends stored with none failed', { timeout: 360_000 }, async () => {
    const { dir, count, remove } = seedCopies(8);
    onTestFinished(remove);
    await replay(rt, [dir], { enqueueOnly: true, timeoutMs: 1000, out: () => undefined });
    worker = startNode('services/worker/src/main.ts', [], env);

    const deadline = Date.now() + 90_000;
    let before = await progress();
    while (before.final < 3) {
      if (Date.now() > deadline) throw new Error(`no progress before the outage: ${JSON.stringify(before)}\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 50));
      before = await progress();
    }
    pg.stop();
    expect(before.final).toBeLessThan(count); // really in the middle of the run
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // A connection lost inside a transaction must not kill the worker.
    expect(worker.alive(), worker.output()).toBe(true);
    pg.start();

    const end = Date.now() + 180_000;
    let after = await progress().catch(() => before);
    while (after.final < count) {
      if (Date.now() > end) throw new Error(`not finished after Postgres came back: ${JSON.stringify(after)}\n${worker.output()}`);
      if (!worker.alive()) throw new Error(`the worker died: ${worker.output()}`);
      await new Promise((r) => setTimeout(r, 250));
      after = await progress().catch(() => after);
    }
    expect(after).toEqual({ total: count, final: count, failed: 0 });
    // No job failed for good, and the worker said what it was waiting for.
    for (const q of rt.queues.all()) expect(await q.getFailedCount(), q.name).toBe(0);
    expect(worker.output()).toMatch(/Postgres unavailable: pausing the workers/);
    expect(worker.output()).toMatch(/Postgres back: resuming the workers/);

    worker.child.kill('SIGTERM');
    expect(await worker.exited()).toEqual({ code: 0, signal: null });
  });
});
