import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadAliases } from '@newsline/claims';
import { createLogger, loadConfig } from '@newsline/core';
import { ArticlesRepository, FeedsRepository, FINAL_STATUSES } from '@newsline/db';
import { openRuntime, startWorkers, type Runtime } from '@newsline/worker';
import { replay } from '../../services/cli/src/commands/replay.js';
import { statusCommand } from '../../services/cli/src/commands/status.js';
import { createPrivateRedis, startNode, type NodeProcess, type PrivateRedis } from '../support/faults.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { openTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { until } from '../support/wait.js';
import { seedCopies } from './corpus.js';

describe('Redis lost (no persistence) in the middle of a run', () => {
  let redis: PrivateRedis;
  let t: TestDatabase;
  let rt: Runtime;
  let worker: NodeProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await createPrivateRedis(6390);
    t = await createTestDatabase();
    env = {
      DATABASE_URL: t.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'redisloss',
      WORKER_CONCURRENCY: '2',
      STUCK_AFTER_SECONDS: '3',
      SWEEP_INTERVAL_SECONDS: '2',
    };
    rt = await openRuntime(loadConfig(env), createLogger('silent'), { db: t.db });
  });
  afterAll(async () => {
    if (worker?.alive()) worker.child.kill('SIGKILL');
    await rt?.close().catch(() => undefined);
    await redis?.stop();
    await t?.drop();
  });

  async function progress() {
    const rows = await rt.db.selectFrom('articles').select('status').execute();
    return { total: rows.length, final: rows.filter((r) => FINAL_STATUSES.includes(r.status)).length, failed: rows.filter((r) => r.status === 'failed').length };
  }

  it('the sweeper re-enqueues the stranded articles and the feed schedules come back', { timeout: 240_000 }, async () => {
    // A feed (never due during the test) whose Job Scheduler lives only in Redis.
    const feed = await new FeedsRepository(rt.db).upsert('http://127.0.0.1:9/feed.rss', 3600);
    await rt.queues.schedule('feeds', { feedId: feed.id }, 3600_000);
    const { dir, count, remove } = seedCopies(16);
    onTestFinished(remove);
    await replay(rt, [dir], { enqueueOnly: true, timeoutMs: 1000, out: () => undefined });
    worker = startNode('services/worker/src/main.ts', ['dedupe', 'claims', 'feeds'], env);
    const before = await until('a few articles processed', async () => {
      const p = await progress();
      return p.final >= 5 ? p : undefined;
    }, 90_000, 25);
    await redis.kill();
    expect(before.final).toBeLessThan(count);
    await redis.start(); // empty: every job and the schedule are gone

    const after = await until(
      'every article final after the Redis loss',
      async () => {
        if (!worker!.alive()) throw new Error(`the worker died: ${worker!.output()}`);
        const p = await progress();
        return p.final === count ? p : undefined;
      },
      150_000,
      250,
    );
    expect(after).toEqual({ total: count, final: count, failed: 0 });
    expect(worker.output()).toMatch(/re-enqueued \d+ stuck article/);
    const schedules = await until('the feed schedule restored', async () => {
      const s = await rt.queues.schedules('feeds');
      return s.length ? s : undefined;
    }, 30_000, 250);
    expect(schedules.map((s) => s.id)).toEqual([`poll-${feed.id}`]);
    worker.child.kill('SIGTERM');
    expect(await worker.exited()).toEqual({ code: 0, signal: null });
  });
});

describe('stuck articles', () => {
  let p: TestPipeline;
  beforeAll(async () => {
    p = await openTestPipeline({ workers: false, env: { STUCK_AFTER_SECONDS: '60' } });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('are counted by status in `newsline status` and re-enqueued by the sweeper', async () => {
    const articles = new ArticlesRepository(p.rt.db);
    // Stored, then its job lost: nothing would ever move it.
    const { id } = await articles.insertIfNew({
      source_key: 'stranded',
      status: 'extracted',
      text: 'The harbour authority said on Tuesday that 12 ships were held outside the port because of the storm.',
    });
    await p.rt.db.updateTable('articles').set({ updated_at: new Date(Date.now() - 3600_000) }).where('id', '=', id).execute();
    expect(await statusCommand(p.rt, 5)).toMatch(/Stuck articles \(unfinished for over 60 s with no job\): 1, extracted=1/);

    const workers = await startWorkers(p.rt, { aliases: loadAliases() });
    try {
      await until('the stranded article claimed', async () => (await articles.get(id))?.status === 'claimed', 30_000);
      expect(await statusCommand(p.rt, 5)).toMatch(/Stuck articles: none/);
    } finally {
      await workers.close(5000);
    }
  });
});

describe('Redis with an evicting maxmemory-policy', () => {
  let redis: PrivateRedis;
  let p: TestPipeline | undefined;
  beforeAll(async () => {
    redis = await createPrivateRedis(6391, ['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
  });
  afterAll(async () => {
    await p?.close();
    await redis?.stop();
  });

  it('is warned about at start-up', async () => {
    p = await openTestPipeline({ workers: false, env: { REDIS_URL: redis.url } });
    const workers = await startWorkers(p.rt, { aliases: loadAliases(), stages: ['claims'], sweep: false });
    try {
      expect(workers.warnings).toEqual([expect.stringMatching(/^Redis maxmemory-policy is allkeys-lru: .*noeviction/)]);
    } finally {
      await workers.close(5000);
    }
  });
});
