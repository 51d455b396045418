// The dashboard's lists on a store larger than they count: a first page reads a page (walking the
// ordered indexes), totals stop at COUNT_CAP and say so, filters still narrow and count exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { COUNT_CAP, ClaimsView, ensureMonthPartitions, findStories, type Database, type Db } from '@newsline/db';
import { buildDashboard } from '@newsline/dashboard';
import { JobQueues } from '@newsline/queue';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { deletePrefix, uniquePrefix } from './support/redis.js';
import { redisUrl } from './support/env.js';

const N = COUNT_CAP + 50;

/** The statements a read sends, explained as run (EXPLAIN ANALYZE). */
async function plansOf(url: string, db: Db, read: (d: Db) => Promise<unknown>): Promise<string[]> {
  const sent: { sql: string; parameters: readonly unknown[] }[] = [];
  const capture = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }), log: (e) => void sent.push(e.query) });
  try {
    await read(capture);
  } finally {
    await capture.destroy();
  }
  const out: string[] = [];
  for (const q of sent) {
    const text = q.sql.replace(/\$(\d+)/g, (_m, n: string) => {
      const v = q.parameters[Number(n) - 1];
      return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
    });
    out.push((await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off, timing off) ${sql.raw(text)}`.execute(db)).rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  return out;
}

describe('dashboard lists past COUNT_CAP rows', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.db;
    const from = new Date(Date.now() - 90 * 86_400_000);
    await ensureMonthPartitions(db, { from });
    // A story, an article and a claim each, over the last 90 days; every 100th article has no publication time.
    await sql`insert into stories (title, first_seen_at, last_seen_at, article_count)
      select 'story ' || i, t, t, 1 from generate_series(1, ${N}::int) i,
      lateral (select ${from}::timestamptz + (i::float8 / ${N}) * interval '89 days' as t) d`.execute(db);
    await sql`insert into articles (source_key, url, title, text, status, published_at, created_at, story_id, publisher)
      select 'gen:' || s.id, 'https://gen.example/' || s.id, 'Article ' || s.id, 'Text ' || s.id, 'claimed',
        case when s.id % 100 = 0 then null else s.last_seen_at end, s.last_seen_at, s.id,
        case when s.id % 1000 = 0 then 'Rare Outlet' else 'Common Outlet' end
      from stories s`.execute(db);
    await sql`insert into claims (article_id, article_created_at, ordinal, speaker, content, start, "end")
      select a.id, a.created_at, o, case when a.id % 1000 = 0 then 'The minister' else 'A spokesman' end, 'claim ' || o, o * 10, o * 10 + 9
      from articles a, generate_series(0, 1) o`.execute(db);
    await sql`analyze`.execute(db);
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('pages claims newest article first, with the total stopped at the cap, reading a page and not the table', async () => {
    const view = new ClaimsView(t.db);
    const first = await view.list({}, { page: 1, limit: 20 });
    expect(first).toMatchObject({ total: COUNT_CAP, totalExact: false, page: 1, limit: 20 });
    const expected = await sql<{ id: number }>`select c.id from claims c join articles a on a.id = c.article_id
      order by a.published_at desc nulls last, a.id desc, c.ordinal limit 40`.execute(t.db);
    const second = await view.list({}, { page: 2, limit: 20 });
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(expected.rows.map((r) => r.id));
    // The last page is known exactly from itself (the rows without a publication time come last).
    const last = await view.list({}, { page: Math.ceil((2 * N) / 7), limit: 7 });
    expect(last).toMatchObject({ total: 2 * N, totalExact: true });
    expect(last.items).toHaveLength((2 * N) % 7);
    expect(last.items.every((c) => c.publishedAt === null)).toBe(true);

    // The count stops one row past the cap. (The page's plan at this size is a hash join and a
    // top-N sort, cheaper here than walking the index; at 1,000,000 stored `pnpm bench store
    // --explain` shows it walking articles_published_order_idx.)
    const [, count] = await plansOf(t.url, t.db, (d) => new ClaimsView(d).list({}, { page: 1, limit: 20 }));
    expect(count).toMatch(new RegExp(`Limit \\(actual rows=${COUNT_CAP + 1} `));
  });

  it('counts filtered claims exactly below the cap', async () => {
    const view = new ClaimsView(t.db);
    const minister = await view.list({ speaker: 'minister' }, { page: 1, limit: 5 });
    expect(minister).toMatchObject({ total: Math.floor(N / 1000) * 2, totalExact: true });
    expect(minister.items.every((c) => c.speaker === 'The minister')).toBe(true);
    const story = await view.list({ story: minister.items[0]!.storyId! }, { page: 1, limit: 20 });
    expect(story).toMatchObject({ total: 2, totalExact: true });
    expect(story.items.map((c) => c.ordinal)).toEqual([0, 1]);
    const day = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const dated = await view.list({ from: day, to: day }, { page: 1, limit: 500 });
    const expected = await sql<{ n: number }>`select count(*)::int as n from claims c join articles a on a.id = c.article_id
      where a.published_at::date = ${day}::date`.execute(t.db);
    expect(dated).toMatchObject({ total: expected.rows[0]!.n, totalExact: true });
    expect(dated.total).toBeGreaterThan(0);
  });

  it('pages stories last seen first, with the total stopped at the cap, and filters them exactly', async () => {
    const first = await findStories(t.db, {}, { page: 1, limit: 20 });
    expect(first).toMatchObject({ total: COUNT_CAP, totalExact: false });
    const expected = await sql<{ id: number }>`select id from stories order by last_seen_at desc, id desc limit 20`.execute(t.db);
    expect(first.items.map((s) => s.id)).toEqual(expected.rows.map((r) => r.id));
    expect(first.items.every((s) => s.articles === 1 && s.outlets.length === 1)).toBe(true);
    const rare = await findStories(t.db, { outlet: 'rare outlet' }, { page: 1, limit: 5 });
    expect(rare).toMatchObject({ total: Math.floor(N / 1000), totalExact: true });
    expect(rare.items.every((s) => s.outlets[0] === 'Rare Outlet')).toBe(true);

    const [page] = await plansOf(t.url, t.db, (d) => findStories(d, {}, { page: 1, limit: 20 }));
    // The page's stories walked in order from the index, and only their articles read.
    expect(page).toMatch(/Index (Only )?Scan using stories_listed_idx on stories \w+ \(actual rows=20 loops=1\)/);
    expect(page).not.toMatch(/Seq Scan on stories/);
    expect(page).not.toMatch(/Scan \S* ?(using \S+ )?on articles_\d{4}_\d\d \w+ \(actual rows=\d{3,}/);
  });

  it('shows a capped total as "10,000+" and always offers the next page', async () => {
    const queues = new JobQueues({ redisUrl, prefix: uniquePrefix('totals') });
    const app = await buildDashboard({ queues, db: t.db, host: '127.0.0.1', port: 0 });
    try {
      const html = (await app.inject({ url: '/claims' })).body;
      expect(html).toContain(`Page 1 of ${(COUNT_CAP / 50).toLocaleString('en-US')}+ (${COUNT_CAP.toLocaleString('en-US')}+)`);
      expect(html).toMatch(/rel="next" href="\/claims\?page=2"/);
      const api = (await app.inject({ url: '/api/claims?speaker=minister' })).json<{ total: number; totalExact: boolean }>();
      expect(api).toMatchObject({ total: Math.floor(N / 1000) * 2, totalExact: true });
      const stories = (await app.inject({ url: '/api/stories' })).json<{ total: number; totalExact: boolean }>();
      expect(stories).toMatchObject({ total: COUNT_CAP, totalExact: false });
    } finally {
      await app.close();
      await queues.close();
      await deletePrefix(queues.prefix);
    }
  });
});
