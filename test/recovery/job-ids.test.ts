import { afterAll, describe, expect, it } from 'vitest';
import { replay } from '../../services/cli/src/commands/replay.js';
import { SEEDS_DIR } from '../../services/cli/src/paths.js';
import { openTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { uniquePrefix } from '../support/redis.js';
import { createPrivateRedis } from '../support/faults.js';

describe('a fresh database on a Redis that still holds an earlier database’s finished jobs', () => {
  const opened: TestPipeline[] = [];
  afterAll(async () => {
    for (const p of opened.reverse()) await p.close().catch(() => undefined);
  });

  it('processes the replayed articles instead of trusting the old jobs with the same ids', { timeout: 120_000 }, async () => {
    const prefix = uniquePrefix('jobids');
    const first = await openTestPipeline({ env: { QUEUE_PREFIX: prefix } });
    opened.push(first);
    const one = await replay(first.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 60_000, out: () => undefined });
    expect(one).toMatchObject({ articles: 5, unfinished: 0 });
    await first.workers!.close(5000);
    // The completed jobs dedupe-1.., claims-1.. stay in Redis; a new database reuses the ids.
    expect(await first.rt.queues.queue('claims').getCompletedCount()).toBeGreaterThan(0);

    const second = await openTestPipeline({ env: { QUEUE_PREFIX: prefix } });
    opened.push(second);
    const two = await replay(second.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 30_000, out: () => undefined });
    expect(two).toMatchObject({ newArticles: 5, articles: 5, unfinished: 0, failed: [] });
    expect(two.claims).toBe(one.claims);
  });

  it('says why when a replay makes no progress', { timeout: 60_000 }, async () => {
    const idle = await openTestPipeline({ workers: false });
    opened.push(idle);
    const lines: string[] = [];
    const s = await replay(idle.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 2500, stallMs: 500, pollMs: 100, out: (l) => lines.push(l) });
    expect(s.unfinished).toBe(5);
    const why = lines.find((l) => l.startsWith('No progress for'));
    expect(why).toMatch(/5 article\(s\) unfinished; article \d+ \(extracted\): job dedupe-\d+ waiting/);
    expect(why).toMatch(/Queues: .*dedupe 5 waiting\/0 active/);
  });

  it('goes on waiting when Redis is away as it says why, and says the queues cannot be read', { timeout: 90_000 }, async () => {
    const redis = await createPrivateRedis(6393);
    try {
      const idle = await openTestPipeline({ workers: false, env: { REDIS_URL: redis.url } });
      const lines: string[] = [];
      let killed: Promise<void> | null = null;
      const out = (l: string): void => {
        lines.push(l);
        if (l.startsWith('Enqueued')) killed = redis.kill();
      };
      const s = await replay(idle.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 8000, stallMs: 500, pollMs: 100, out });
      await killed;
      expect(s.unfinished).toBe(5);
      expect(lines.find((l) => l.startsWith('No progress for'))).toMatch(/5 article\(s\) unfinished; the queues cannot be read \(.+\): waiting for Redis\.$/);
      await redis.start();
      await idle.close();
    } finally {
      await redis.stop();
    }
  });
});
