import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@newsline/core';
import { loadAliases } from '@newsline/claims';
import { openRuntime, startWorkers } from '@newsline/worker';
import { replay, type ReplaySummary } from '../../services/cli/src/commands/replay.js';
import { openTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { seedCopies } from './corpus.js';

const pick = (s: ReplaySummary) => ({ articles: s.articles, duplicates: s.duplicates, stories: s.stories, claims: s.claims, events: s.events, failed: s.failed });

describe('two replays of the same files at once', () => {
  const opened: TestPipeline[] = [];
  afterAll(async () => {
    for (const p of opened) await p.close().catch(() => undefined);
  });

  it('end with the same result as one replay', { timeout: 240_000 }, async () => {
    const { dir, count } = seedCopies(8);
    const single = await openTestPipeline({ env: { WORKER_CONCURRENCY: '4' } });
    opened.push(single);
    const one = await replay(single.rt, [dir], { enqueueOnly: false, timeoutMs: 120_000, out: () => undefined });
    expect(one.articles + one.duplicates).toBe(count);

    // Two processes' worth: each replay with its own connections and its own workers, one database.
    const shared = await openTestPipeline({ env: { WORKER_CONCURRENCY: '4' } });
    opened.push(shared);
    const other = await openRuntime(shared.config, createLogger('silent'), {});
    const otherWorkers = await startWorkers(other, { aliases: loadAliases() });
    try {
      const [a, b] = await Promise.all([
        replay(shared.rt, [dir], { enqueueOnly: false, timeoutMs: 120_000, out: () => undefined }),
        replay(other, [dir], { enqueueOnly: false, timeoutMs: 120_000, out: () => undefined }),
      ]);
      expect(a.newArticles + b.newArticles).toBe(count);
      expect(pick(a)).toEqual(pick(one));
      expect(pick(b)).toEqual(pick(one));
    } finally {
      await otherWorkers.close(5000);
      await other.close();
    }
    const counted = await sql<{ n: number }>`select coalesce(sum(article_count), 0)::int as n from stories where merged_into is null`.execute(shared.rt.db);
    expect(counted.rows[0]?.n).toBe(count);
    for (const q of shared.rt.queues.all()) expect(await q.getFailedCount(), q.name).toBe(0);
  });
});
