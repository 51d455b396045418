import { sql } from 'kysely';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '@newsline/core';
import { loadAliases } from '@newsline/claims';
import { ingestArticle, openRuntime, startWorkers } from '@newsline/worker';
import { replay, type ReplaySummary } from '../../services/cli/src/commands/replay.js';
import { until } from '../support/wait.js';
import { openTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { seedMixes } from './corpus.js';

const outcome = (s: ReplaySummary) => ({ failed: s.failed, unfinished: s.unfinished });

describe('two replays of the same files at once', () => {
  const opened: TestPipeline[] = [];
  afterAll(async () => {
    for (const p of opened) await p.close().catch(() => undefined);
  });

  it('end with the same result as one replay', { timeout: 240_000 }, async () => {
    const { dir, count, remove } = seedMixes(2);
    onTestFinished(remove);
    const single = await openTestPipeline({ env: { WORKER_CONCURRENCY: '8' } });
    opened.push(single);
    const one = await replay(single.rt, [dir], { enqueueOnly: false, timeoutMs: 120_000, out: () => undefined });
    expect(one.articles + one.duplicates).toBe(count);

    // Two processes' worth: each replay with its own connections and its own workers, one database.
    const shared = await openTestPipeline({ env: { WORKER_CONCURRENCY: '8' } });
    opened.push(shared);
    const other = await openRuntime(shared.config, createLogger('silent'), {});
    const otherWorkers = await startWorkers(other, { aliases: loadAliases() });
    try {
      const [a, b] = await Promise.all([
        replay(shared.rt, [dir], { enqueueOnly: false, timeoutMs: 120_000, out: () => undefined }),
        replay(other, [dir], { enqueueOnly: false, timeoutMs: 120_000, out: () => undefined }),
      ]);
      expect(a.newArticles + b.newArticles).toBe(count);
      // Which copy of a near-duplicate pair is the original depends on the order the workers
      // happen to take them (in one replay too), and so do the counts that follow from it. So does
      // where a borderline article goes: stories are placed in arrival order, and how much a close
      // publication time counts depends on how many stories are active then (the seeds' report of
      // a week later joins the negotiations' story in some orders, not in others). The outcome does
      // not depend on it: every article once, finished, none failed, in a live story whose count is
      // its articles (below).
      for (const s of [a, b, one]) expect(outcome(s)).toEqual({ failed: [], unfinished: 0 });
    } finally {
      await otherWorkers.close(5000);
      await other.close();
    }
    for (const db of [single.rt.db, shared.rt.db]) {
      const rows = await db.selectFrom('articles').select(['source_key', 'status']).execute();
      expect(rows).toHaveLength(count);
      expect(rows.filter((r) => !['claimed', 'duplicate'].includes(r.status))).toEqual([]);
    }
    for (const db of [single.rt.db, shared.rt.db]) {
      const counted = await sql<{ n: number }>`select coalesce(sum(article_count), 0)::int as n from stories where merged_into is null`.execute(db);
      expect(counted.rows[0]?.n).toBe(count);
      // Every article is in a live story, and each story's count is its articles (no lost update).
      const inMerged = await sql<{ id: number }>`select a.id from articles a left join stories s on s.id = a.story_id
        where s.id is null or s.merged_into is not null`.execute(db);
      expect(inMerged.rows).toEqual([]);
      const miscounted = await sql<{ id: number; article_count: number; n: number }>`select s.id, s.article_count, count(a.id)::int as n
        from stories s left join articles a on a.story_id = s.id where s.merged_into is null
        group by s.id having s.article_count <> count(a.id)`.execute(db);
      expect(miscounted.rows).toEqual([]);
    }
    for (const q of shared.rt.queues.all()) expect(await q.getFailedCount(), q.name).toBe(0);
  });

  it('runs a stage again after a deadlock or serialization failure without spending its attempts', { timeout: 120_000 }, async () => {
    const p = await openTestPipeline();
    opened.push(p);
    // Postgres itself reports the conflicts: the claims stage's status write fails 4 times with a
    // deadlock, then 4 times with a serialization failure (more than the 5 attempts), then succeeds.
    await sql`create sequence conflicts`.execute(p.rt.db);
    await sql`
      create function conflict_first() returns trigger language plpgsql as $$
      declare n bigint;
      begin
        if new.status = 'claimed' then
          n := nextval('conflicts');
          if n <= 4 then raise exception 'deadlock detected (test)' using errcode = '40P01'; end if;
          if n <= 8 then raise exception 'could not serialize access (test)' using errcode = '40001'; end if;
        end if;
        return new;
      end $$`.execute(p.rt.db);
    await sql`create trigger conflict_first before update on articles for each row execute function conflict_first()`.execute(p.rt.db);
    const { articleId } = await ingestArticle(p.rt.db, p.rt.queues, {
      sourceKey: 'contended',
      text: 'The port authority said on Friday that 30 ships were waiting to unload after the strike ended, its spokesman told reporters.',
    });
    const row = await until('the contended article finished', async () => {
      const a = await p.rt.db.selectFrom('articles').select(['status', 'last_error']).where('id', '=', articleId).executeTakeFirst();
      return a && (a.status === 'claimed' || a.status === 'failed') ? a : undefined;
    }, 90_000, 100);
    expect(row).toEqual({ status: 'claimed', last_error: null });
    const job = (await p.rt.queues.queue('claims').getJob(`claims-${articleId}`))!;
    // One attempt counted (the one that succeeded), not the eight conflicts.
    expect(job.attemptsMade).toBe(1);
    expect((await sql<{ n: string }>`select last_value::text as n from conflicts`.execute(p.rt.db)).rows[0]?.n).toBe('9');
  });
});
