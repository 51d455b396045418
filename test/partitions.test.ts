// Monthly partitions of articles, claims and mentions: where rows land, global keys, upkeep, and plans.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ArticlesRepository, ClaimsRepository, defaultPartitionRows, ensureMonthPartitions, type Db } from '@newsline/db';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const where = async (db: Db, table: string) =>
  (await sql<{ p: string }>`select distinct tableoid::regclass::text as p from ${sql.table(table)}`.execute(db)).rows.map((r) => r.p).sort();

const plan = async (db: Db, q: ReturnType<typeof sql>) =>
  (await sql<{ 'QUERY PLAN': string }>`explain (costs off) ${q}`.execute(db)).rows.map((r) => r['QUERY PLAN']).join('\n');

const claim = { speaker: 'Israeli army', content: 'at least 240', start: 10, end: 22, quantities: [] };
const event = { key: 'figure|idf|hostages|240|at_least', kind: 'figure' as const, actor: 'Israeli army', subject: 'hostages', place: null, value: 240, low: null, high: null, qualifier: 'at_least', occurred_on: '2023-11-03', content: null };

describe('monthly partitions', () => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it("keeps an article's claims and mentions in its month, with source keys and claim ordinals unique across months", async () => {
    t = await createTestDatabase();
    const db = t.db;
    await ensureMonthPartitions(db, { from: new Date('2026-01-01T00:00:00Z') });
    const articles = new ArticlesRepository(db);
    const claims = new ClaimsRepository(db);
    const jan = await articles.insertIfNew({ source_key: 'url:a', status: 'deduped', created_at: '2026-01-20T10:00:00.123Z' });
    const mar = await articles.insertIfNew({ source_key: 'url:b', status: 'deduped', created_at: '2026-03-02T00:00:00Z' });
    // The same source key in another month is the same article.
    const again = await articles.insertIfNew({ source_key: 'url:a', status: 'received', created_at: '2026-03-05T00:00:00Z' });
    expect(again).toMatchObject({ id: jan.id, created: false, status: 'deduped' });
    for (const a of [jan, mar]) {
      await claims.replaceForArticle(a.id, [claim, claim], [{ event, claimIndex: 1, start: 10, end: 22 }]);
      await claims.replaceForArticle(a.id, [claim, claim], [{ event, claimIndex: 1, start: 10, end: 22 }]);
    }
    expect(await where(db, 'articles')).toEqual(['articles_2026_01', 'articles_2026_03']);
    expect(await where(db, 'claims')).toEqual(['claims_2026_01', 'claims_2026_03']);
    expect(await where(db, 'event_mentions')).toEqual(['event_mentions_2026_01', 'event_mentions_2026_03']);
    expect(await db.selectFrom('claims').select('id').execute()).toHaveLength(4);
    expect(await db.selectFrom('event_mentions').select('claim_id').execute()).toHaveLength(2);
    expect(await db.selectFrom('article_keys').select('id').execute()).toHaveLength(2);
    // A second source key for an existing one by a direct insert is skipped, not stored twice.
    await sql`insert into articles (source_key, created_at) values ('url:b', '2026-01-03T00:00:00Z')`.execute(db);
    expect(await db.selectFrom('articles').select('id').where('source_key', '=', 'url:b').execute()).toHaveLength(1);
    // A claim ordinal cannot be stored twice for an article (the key carries the article's month).
    const createdAt = (await db.selectFrom('articles').select('created_at').where('id', '=', jan.id).executeTakeFirstOrThrow()).created_at;
    await expect(
      db.insertInto('claims').values({ article_id: jan.id, article_created_at: createdAt, ordinal: 0, content: 'x', start: 0, end: 1, quantities: '[]' }).execute(),
    ).rejects.toThrow(/claims_.*key|duplicate key/);
    // Claims of an article in another month than the article's cannot exist.
    await expect(
      db.insertInto('claims').values({ article_id: jan.id, article_created_at: '2026-03-02T00:00:00Z', ordinal: 9, content: 'x', start: 0, end: 1, quantities: '[]' }).execute(),
    ).rejects.toThrow(/foreign key/);
    // Deleting the key deletes the article and everything of it.
    await db.deleteFrom('article_keys').where('id', '=', jan.id).execute();
    expect(await db.selectFrom('claims').select('id').where('article_id', '=', jan.id).execute()).toHaveLength(0);
    expect(await db.selectFrom('event_mentions').select('claim_id').where('article_id', '=', jan.id).execute()).toHaveLength(0);
  });

  it('creates the months ahead, and reports a month whose rows already went to the default partition', async () => {
    t = await createTestDatabase();
    const db = t.db;
    const now = new Date();
    const later = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 8, 15));
    const farther = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 9, 15));
    // No partition that far ahead: the row is kept, in the default partition.
    const { id } = await new ArticlesRepository(db).insertIfNew({ source_key: 'url:future', created_at: farther.toISOString() });
    expect(await where(db, 'articles')).toEqual(['articles_default']);
    expect((await defaultPartitionRows(db)).articles).toBe(1);
    // Run as the sweeper does, five months later: the months up to three ahead of then are created,
    // except the one the default partition holds rows of.
    const report = await ensureMonthPartitions(db, { now: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 1)) });
    const name = (table: string, d: Date) => `${table}_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(report.created).toContain(name('articles', later));
    expect(report.created).toContain(name('event_mentions', later));
    expect(report.blocked).toEqual([name('articles', farther)]);
    expect(report.created).toContain(name('claims', farther));
    // Once up to date, a second call creates nothing.
    expect(await ensureMonthPartitions(db)).toEqual({ created: [], blocked: [] });
    expect((await db.selectFrom('articles').select('id').where('id', '=', id).executeTakeFirst())?.id).toBe(id);
  });

  it('answers the hot statements from indexes, on the one month when the statement has the time', async () => {
    t = await createTestDatabase();
    const db = t.db;
    await ensureMonthPartitions(db, { from: new Date('2025-01-01T00:00:00Z') });
    const at = '2026-01-20T10:00:00.123Z';
    const { id } = await new ArticlesRepository(db).insertIfNew({ source_key: 'url:a', status: 'deduped', created_at: at });
    await sql`set enable_seqscan = off`.execute(db);
    const byId = await plan(db, sql`select id, status from articles where id = ${id}`);
    expect(byId).toMatch(/Index Scan using articles_\d{4}_\d{2}_pkey/);
    expect(byId).not.toMatch(/Seq Scan/);
    const pruned = await plan(db, sql`delete from claims where article_id = ${id} and article_created_at = ${at}`);
    expect(pruned).toMatch(/claims_2026_01/);
    expect(pruned).not.toMatch(/claims_2026_02|claims_default/);
    const mentions = await plan(db, sql`select distinct event_id from event_mentions where article_id = ${id} and article_created_at = ${at}`);
    expect(mentions).toMatch(/event_mentions_2026_01/);
    expect(mentions).not.toMatch(/event_mentions_2026_02|Seq Scan/);
    const sourceKey = await plan(db, sql`select id from articles where source_key = 'url:a'`);
    expect(sourceKey).toMatch(/articles_source_key_idx|source_key_idx/);
  });
});
