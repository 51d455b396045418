// Many claims writes at once on overlapping events: none fails (no deadlock), and the rows are
// exactly those of a one-at-a-time run.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ArticlesRepository, ClaimsRepository, createDb, isTransientDbError, retryTransient, type EventRow, type MentionRow } from '@newsline/db';
import { createTestDatabase, type TestDatabase } from './support/db.js';

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.drop();
  t = undefined;
});

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function event(k: number): EventRow {
  return { key: `figure|subject-${k}|${k}`, kind: 'figure', actor: null, subject: `subject ${k}`, place: null, value: k, low: null, high: null, qualifier: null, occurred_on: null, content: null };
}

/** Each article: a few claims, each mentioning events drawn from a small shared set, in a random order. */
function articleClaims(rand: () => number, shared: number) {
  const claims = Array.from({ length: 3 + Math.floor(rand() * 4) }, (_, i) => ({ content: `claim ${i}`, start: i * 10, end: i * 10 + 9, quantities: [] }));
  const mentions: MentionRow[] = [];
  for (let c = 0; c < claims.length; c++) {
    for (let j = 0; j < 4; j++) mentions.push({ event: event(Math.floor(rand() * shared)), claimIndex: c, start: c * 10, end: c * 10 + 9 });
  }
  return { claims, mentions };
}

describe('claims writes under concurrency', () => {
  it('stores 60 articles mentioning the same 12 events at once: no failure, one event per key, every mention', async () => {
    t = await createTestDatabase();
    // A pool as wide as the writers, so they really overlap in the server.
    const db = createDb(t.url, { max: 20 });
    try {
      const articles = new ArticlesRepository(db);
      const rand = rng(16);
      const inputs = [];
      for (let i = 0; i < 60; i++) {
        const { id } = await articles.insertIfNew({ source_key: `concurrent-${i}`, status: 'deduped' });
        inputs.push({ id, ...articleClaims(rand, 12) });
      }
      let retries = 0;
      const repo = new ClaimsRepository(db);
      const results = await Promise.allSettled(inputs.map((a) => repo.storeForDedupedArticle(a.id, a.claims, a.mentions)));
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);

      // A second wave: every article re-run at once with other mentions (the re-extraction path, which also deletes stale events).
      const rerun = inputs.map((a) => ({ id: a.id, ...articleClaims(rand, 12) }));
      const again = await Promise.allSettled(rerun.map((a) => retryTransient(() => repo.replaceForArticle(a.id, a.claims, a.mentions), { onRetry: () => retries++ })));
      expect(again.filter((r) => r.status === 'rejected').map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);

      const statuses = await db.selectFrom('articles').select('status').execute();
      expect(statuses.every((s) => s.status === 'claimed')).toBe(true);
      const wantKeys = new Set(rerun.flatMap((a) => a.mentions.map((m) => m.event.key)));
      const events = await db.selectFrom('events').select(['id', 'key']).execute();
      expect(new Set(events.map((e) => e.key))).toEqual(wantKeys);
      expect(events).toHaveLength(wantKeys.size);
      // Every mention of the re-run, and nothing of the first run.
      const claimRows = await db.selectFrom('claims').select(['article_id']).execute();
      expect(claimRows).toHaveLength(rerun.reduce((n, a) => n + a.claims.length, 0));
      const mentionRows = await db
        .selectFrom('event_mentions as m')
        .innerJoin('events as e', 'e.id', 'm.event_id')
        .innerJoin('claims as c', 'c.id', 'm.claim_id')
        .select(['m.article_id', 'c.ordinal', 'e.key'])
        .execute();
      const got = new Set(mentionRows.map((m) => `${m.article_id}/${m.ordinal}/${m.key}`));
      const want = new Set(rerun.flatMap((a) => a.mentions.map((m) => `${a.id}/${m.claimIndex}/${m.event.key}`)));
      expect(got).toEqual(want);
      expect(mentionRows).toHaveLength(want.size);
      expect(retries).toBe(0);
    } finally {
      await db.destroy();
    }
    // No deadlock happened at all, not even one that a retry hid: the server counts them (its
    // backends report when they exit).
    let deadlocks = -1;
    for (let i = 0; i < 20; i++) {
      const row = await sql<{ n: number }>`select deadlocks::int as n from pg_stat_database where datname = current_database()`.execute(t.db);
      deadlocks = row.rows[0]?.n ?? -1;
      if (deadlocks !== 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(deadlocks).toBe(0);
  });

  it('a second run of the same article finds it claimed and writes nothing', async () => {
    t = await createTestDatabase();
    const { id } = await new ArticlesRepository(t.db).insertIfNew({ source_key: 'twice', status: 'deduped' });
    const repo = new ClaimsRepository(t.db);
    const input = articleClaims(rng(1), 5);
    const [a, b] = await Promise.all([repo.storeForDedupedArticle(id, input.claims, input.mentions), repo.storeForDedupedArticle(id, input.claims, input.mentions)]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
    expect(await t.db.selectFrom('claims').select('id').execute()).toHaveLength(input.claims.length);
  });

  it('retries deadlocks and serialization failures, and nothing else', async () => {
    let calls = 0;
    const flaky = () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return Promise.resolve('done');
    };
    expect(await retryTransient(flaky, { baseDelayMs: 1 })).toBe('done');
    expect(calls).toBe(3);
    expect(isTransientDbError(Object.assign(new Error('x'), { code: '40001' }))).toBe(true);
    calls = 0;
    const unique = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('duplicate key'), { code: '23505' }));
    };
    await expect(retryTransient(unique, { baseDelayMs: 1 })).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
  });
});
