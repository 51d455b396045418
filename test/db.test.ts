import { afterEach, describe, expect, it } from 'vitest';
import { ArticlesRepository, ClaimsRepository, migrateToLatest, NearDuplicatesRepository } from '@newsline/db';
import { createTestDatabase, type TestDatabase } from './support/db.js';

describe('database', () => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it('migrates idempotently', async () => {
    t = await createTestDatabase();
    const again = await migrateToLatest(t.db);
    expect(again.results).toEqual([]);
  });

  it('stores an article once per source key', async () => {
    t = await createTestDatabase();
    const repo = new ArticlesRepository(t.db);
    const a = await repo.insertIfNew({ source_key: 'file:x/1.txt', text: 'hello', status: 'extracted' });
    const b = await repo.insertIfNew({ source_key: 'file:x/1.txt', text: 'changed', status: 'extracted' });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false, status: 'extracted', failedStage: null });
    expect((await repo.get(a.id))?.text).toBe('hello');
  });

  it('lets exactly one of two concurrent holders claim a content hash', async () => {
    t = await createTestDatabase();
    const repo = new ArticlesRepository(t.db);
    const ids = await Promise.all([1, 2, 3, 4].map(async (i) => (await repo.insertIfNew({ source_key: `k${i}`, status: 'extracted' })).id));
    const hashes = new NearDuplicatesRepository(t.db);
    const holders = await Promise.all(ids.map((id) => hashes.claimContentHash('same-hash', id)));
    expect(new Set(holders).size).toBe(1);
    expect(ids).toContain(holders[0]);
  });

  it('merges the same event from two articles into one event with two mentions', async () => {
    t = await createTestDatabase();
    const articles = new ArticlesRepository(t.db);
    const claims = new ClaimsRepository(t.db);
    const { id: story } = await t.db
      .insertInto('stories')
      .values({ title: 's', first_seen_at: new Date('2023-11-01T00:00:00Z'), last_seen_at: new Date('2023-11-01T00:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ev = { key: 'figure|idf|hostages|240|at_least', kind: 'figure' as const, actor: 'Israeli army', subject: 'hostages', place: null, value: 240, low: null, high: null, qualifier: 'at_least', occurred_on: '2023-11-03', content: null };
    for (const key of ['a', 'b']) {
      const { id } = await articles.insertIfNew({ source_key: key, status: 'deduped', story_id: story });
      const claim = { speaker: 'Israeli army', content: 'at least 240', start: 10, end: 22, quantities: [] };
      await claims.replaceForArticle(id, [claim], [{ event: ev, claimIndex: 0, start: 10, end: 22 }]);
      // Running it again changes nothing.
      await claims.replaceForArticle(id, [claim], [{ event: ev, claimIndex: 0, start: 10, end: 22 }]);
    }
    const events = await t.db.selectFrom('events').selectAll().execute();
    expect(events).toHaveLength(1);
    const mentions = await t.db.selectFrom('event_mentions').selectAll().execute();
    expect(mentions).toHaveLength(2);
    expect(new Set(mentions.map((m) => m.article_id)).size).toBe(2);
    expect(await t.db.selectFrom('claims').select('id').execute()).toHaveLength(2);
  });
});
