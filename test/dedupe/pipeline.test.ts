// The worker's dedupeArticle against the real Postgres: exact, URL and near duplicates, stories, concurrency.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@newsline/db';
import { clusterStream, DEFAULT_STORY_CONFIG, MemoryStoryStore, placeArticle, STORY_MODEL, type StoryConfig } from '../../packages/dedupe/src/index.js';
import { dedupeArticle, type DedupeResult } from '../../services/worker/src/dedupe/dedupe-article.js';
import { PostgresStoryStore } from '../../services/worker/src/dedupe/postgres-story-store.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadSeeds, type CorpusArticle } from './corpora.js';
import { FIXTURE_STREAM } from './fixtures.js';
import { syndicate } from './syndicate.js';

let t: TestDatabase;
let seq = 0;

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

async function insertArticle(db: Db, a: { title?: string; text: string; publishedAt?: string | null; canonicalUrl?: string | null }): Promise<number> {
  const row = await db
    .insertInto('articles')
    .values({
      source_key: `test:${process.pid}:${++seq}`,
      title: a.title ?? null,
      text: a.text,
      canonical_url: a.canonicalUrl ?? null,
      published_at: a.publishedAt ?? null,
      status: 'extracted',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function processArticle(db: Db, a: CorpusArticle & { canonicalUrl?: string | null }, stories?: StoryConfig): Promise<{ id: number } & DedupeResult> {
  const id = await insertArticle(db, a);
  const r = await dedupeArticle(
    db,
    {
      articleId: id,
      text: a.text,
      title: a.title,
      publishedAt: a.publishedAt ? new Date(a.publishedAt) : null,
      canonicalUrl: a.canonicalUrl ?? null,
    },
    stories ? { stories } : {},
  );
  return { id, ...r };
}

/** Pairs of articles that share a story in one partition but not in the other. */
function disagreements(ids: string[], a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if ((a.get(ids[i]!) === a.get(ids[j]!)) !== (b.get(ids[i]!) === b.get(ids[j]!))) n++;
  return n;
}

const seeds = loadSeeds().sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
const base = [...seeds].sort((a, b) => b.text.length - a.text.length)[0] as CorpusArticle;

describe('dedupeArticle', () => {
  it('marks an exact copy (other case and spacing) as duplicate_of the original, in its story', async () => {
    const a = await processArticle(t.db, base);
    const b = await processArticle(t.db, { ...base, id: 'copy', text: base.text.toUpperCase().replace(/ /g, '  ') });
    expect(a.duplicateOf).toBeNull();
    expect(b).toMatchObject({ duplicateOf: a.id, reason: 'exact', storyId: a.storyId });
    const row = await t.db.selectFrom('articles').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(row.duplicate_of).toBe(a.id);
    expect(row.story_id).toBe(a.storyId);
    const story = await t.db.selectFrom('stories').selectAll().where('id', '=', a.storyId).executeTakeFirstOrThrow();
    expect(story.article_count).toBe(2);
  });

  it('finds a syndicated near copy through the band index and verifies it', async () => {
    const a = await processArticle(t.db, base);
    const copy = syndicate(base, 7, 'boilerplate+cut');
    expect(copy.text).not.toBe(base.text);
    const b = await processArticle(t.db, copy);
    expect(b).toMatchObject({ duplicateOf: a.id, reason: 'near', storyId: a.storyId });
    const bands = await t.db.selectFrom('near_dup_bands').select('article_id').distinct().execute();
    expect(bands.map((r) => r.article_id)).toEqual([a.id]); // duplicates are not indexed
  });

  it('marks the same canonical URL as a duplicate even when the text changed', async () => {
    const url = 'https://example.com/news/1';
    const a = await processArticle(t.db, { ...base, canonicalUrl: url });
    const b = await processArticle(t.db, { ...seeds.find((x) => x !== base)!, publishedAt: null, canonicalUrl: url });
    expect(b).toMatchObject({ duplicateOf: a.id, reason: 'url' });
  });

  it('keeps the seed articles distinct and puts the Oct-Nov 2023 negotiations in one story', async () => {
    const out = new Map<string, DedupeResult>();
    for (const s of seeds) out.set(s.id, await processArticle(t.db, s));
    for (const r of out.values()) expect(r.duplicateOf).toBeNull();
    const autumn = seeds.filter((s) => s.publishedAt! < '2023-12').map((s) => out.get(s.id)!.storyId);
    expect(autumn.length).toBe(3);
    expect(new Set(autumn).size).toBe(1);
  });

  it('gives a story begun by an untitled article a headline of its articles', async () => {
    const autumn = seeds.filter((s) => s.publishedAt! < '2023-12');
    const first = await processArticle(t.db, { ...autumn[0]!, title: '' });
    const title = 'Qatar-mediated talks on a Gaza hostage release stall';
    const second = await processArticle(t.db, { ...autumn[1]!, title });
    const third = await processArticle(t.db, { ...autumn[2]!, title: 'Hostage talks in Doha: a later headline' });
    expect(new Set([first.storyId, second.storyId, third.storyId]).size).toBe(1);
    const row = await t.db.selectFrom('stories').select('title').where('id', '=', first.storyId!).executeTakeFirstOrThrow();
    // The headline most central to the story, among those of its articles (never null once one has a title).
    expect([title, 'Hostage talks in Doha: a later headline']).toContain(row.title);
  });

  it('is idempotent: a second run returns the stored result and changes nothing', async () => {
    const a = await processArticle(t.db, base);
    const b = await processArticle(t.db, syndicate(base, 3, 'headline+edits'));
    const again = await dedupeArticle(t.db, { articleId: b.id, text: 'anything', title: 'x' });
    expect(again).toEqual({ duplicateOf: a.id, storyId: b.storyId, reason: b.reason });
    const story = await t.db.selectFrom('stories').select('article_count').where('id', '=', a.storyId).executeTakeFirstOrThrow();
    expect(story.article_count).toBe(2);
  });

  it("runs inside the caller's transaction when given one", async () => {
    const a = await processArticle(t.db, base);
    const id = await insertArticle(t.db, { ...base, text: base.text + ' ' });
    const r = await t.db.transaction().execute((trx) => dedupeArticle(trx, { articleId: id, text: base.text + ' ', title: base.title }));
    expect(r).toMatchObject({ duplicateOf: a.id, reason: 'exact', storyId: a.storyId });
  });

  it('makes the earliest published copy the original, whatever the order they arrive in', async () => {
    const at = (day: number) => `2024-05-0${day}T12:00:00Z`;
    const a = await processArticle(t.db, { ...base, publishedAt: at(2), canonicalUrl: 'https://example.com/story' });
    const b = await processArticle(t.db, { ...syndicate(base, 7, 'boilerplate+cut'), publishedAt: at(3) });
    expect(b).toMatchObject({ duplicateOf: a.id, storyId: a.storyId });
    // A copy published a day before the first one arrives last: it takes the original's place.
    const c = await processArticle(t.db, { ...syndicate(base, 8, 'exact-ish'), publishedAt: at(1) });
    expect(c).toMatchObject({ duplicateOf: null, storyId: a.storyId, replaced: { id: a.id } });
    const rows = await t.db.selectFrom('articles').select(['id', 'duplicate_of', 'status']).where('id', 'in', [a.id, b.id]).orderBy('id').execute();
    expect(rows).toEqual([
      { id: a.id, duplicate_of: c.id, status: 'duplicate' },
      { id: b.id, duplicate_of: c.id, status: 'duplicate' },
    ]);
    // Later copies point at the new original, also when found through the former one's bands.
    const d = await processArticle(t.db, { ...syndicate(base, 9, 'boilerplate+cut'), publishedAt: at(4) });
    expect(d).toMatchObject({ duplicateOf: c.id, storyId: a.storyId });
    const e = await processArticle(t.db, { ...seeds.find((x) => x !== base)!, publishedAt: at(5), canonicalUrl: 'https://example.com/story' });
    expect(e).toMatchObject({ duplicateOf: c.id, reason: 'url', storyId: a.storyId });
    const story = await t.db.selectFrom('stories').select(['first_seen_at', 'article_count']).where('id', '=', a.storyId).executeTakeFirstOrThrow();
    expect(story.first_seen_at.toISOString()).toBe('2024-05-01T12:00:00.000Z');
    expect(story.article_count).toBe(5);
  });

  it('names a missing article', async () => {
    await expect(dedupeArticle(t.db, { articleId: 987654, text: 'x' })).rejects.toThrow(/987654/);
  });

  it('two workers processing copies at the same moment end with one original (repeated)', async () => {
    // Separate pools stand for separate worker processes.
    const w1 = createDb(t.url, { max: 2 });
    const w2 = createDb(t.url, { max: 2 });
    try {
      const pool = [...seeds];
      const fresh = pool.pop()!;
      for (const [i, src] of pool.entries()) {
        const copy = i % 2 === 0 ? { ...src, text: src.text + '\n' } : syndicate(src, i, 'boilerplate+cut');
        const ids = [await insertArticle(t.db, src), await insertArticle(t.db, copy)];
        const [r1, r2] = await Promise.all([
          dedupeArticle(w1, { articleId: ids[0]!, text: src.text, title: src.title }),
          dedupeArticle(w2, { articleId: ids[1]!, text: copy.text, title: copy.title }),
        ]);
        const originals = [r1, r2].filter((r) => r.duplicateOf === null);
        expect(originals.length, `pair ${i}`).toBe(1);
        const dup = [r1, r2].find((r) => r.duplicateOf !== null)!;
        expect(ids).toContain(dup.duplicateOf);
        expect(r1.storyId).toBe(r2.storyId);
      }
      // Eight copies of a new article at once, over both workers: exactly one original.
      const src = fresh;
      const copies = Array.from({ length: 8 }, (_, i) => (i === 0 ? src : syndicate(src, 100 + i, i % 2 ? 'exact-ish' : 'boilerplate+cut')));
      const ids = await Promise.all(copies.map((c) => insertArticle(t.db, c)));
      const rs = await Promise.all(ids.map((id, i) => dedupeArticle(i % 2 ? w1 : w2, { articleId: id, text: copies[i]!.text, title: copies[i]!.title })));
      const firstOriginal = (await t.db.selectFrom('articles').select('id').where('id', 'in', [...ids]).where('duplicate_of', 'is', null).execute()).length;
      expect(firstOriginal).toBe(1);
      expect(new Set(rs.map((r) => r.storyId)).size).toBe(1);
    } finally {
      await w1.destroy();
      await w2.destroy();
    }
  });

  it.each([
    ['rule', DEFAULT_STORY_CONFIG],
    ['learned', { ...DEFAULT_STORY_CONFIG, model: STORY_MODEL }],
  ] as [string, StoryConfig][])('gives the same stories through newsline cluster (memory) and through Postgres (one algorithm; %s decision)', async (_name, config) => {
    const sample = [...seeds, ...FIXTURE_STREAM];
    const mem = new Map<string, number>();
    const memDup = new Map<string, string | null>();
    for await (const r of clusterStream(sample.map((a) => JSON.stringify(a)), { config })) {
      mem.set(r.id, r.storyId);
      memDup.set(r.id, r.duplicateOf);
    }
    const dbStory = new Map<string, number>();
    const idOf = new Map<number, string>();
    for (const a of sample) {
      const r = await processArticle(t.db, a, config);
      idOf.set(r.id, a.id);
      expect(r.duplicateOf === null ? null : idOf.get(r.duplicateOf), a.id).toBe(memDup.get(a.id));
    }
    const rows = await t.db.selectFrom('articles').select(['id', 'story_id']).execute();
    for (const r of rows) dbStory.set(idOf.get(r.id)!, r.story_id!);
    // Same partition: two articles share a story in one iff they do in the other.
    expect(disagreements(sample.map((a) => a.id), mem, dbStory)).toBe(0);
    // and the partition is not trivial: the two earthquakes, the dam and the seeds' negotiations.
    expect(new Set(mem.values()).size).toBeGreaterThan(5);
    expect(new Set(mem.values()).size).toBeLessThan(sample.length - 4);
    const stored = await t.db.selectFrom('stories').select(['title']).where('merged_into', 'is', null).execute();
    expect(stored.filter((s) => s.title).length).toBeGreaterThan(5);
  });

  it('counts the same active stories in memory and in Postgres after every placement (the time relief reads it)', async () => {
    const mem = new MemoryStoryStore();
    const HOUR = 3_600_000;
    const times = FIXTURE_STREAM.map((a) => Date.parse(a.publishedAt!));
    const counts: number[] = [];
    for (const a of FIXTURE_STREAM) {
      const time = Date.parse(a.publishedAt!);
      await placeArticle(mem, { title: a.title, text: a.text, time });
      await t.db.transaction().execute((trx) => placeArticle(new PostgresStoryStore(trx), { title: a.title, text: a.text, time }));
      for (const at of times)
        for (const [hours, cap] of [[3, 200], [30, 200], [30, 2], [24 * 30, 200]] as const) {
          const m = await mem.activeStories(at - hours * HOUR, at + hours * HOUR, cap);
          const p = await t.db.transaction().execute((trx) => new PostgresStoryStore(trx).activeStories(at - hours * HOUR, at + hours * HOUR, cap));
          expect(p, `${a.id}: ${hours} h around ${new Date(at).toISOString()}, cap ${cap}`).toBe(m);
          counts.push(m);
        }
    }
    // Not all nil nor all capped: the windows see some stories and not others.
    expect(new Set(counts).size).toBeGreaterThan(3);
  });
});
