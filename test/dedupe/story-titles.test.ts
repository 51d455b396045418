// The title signal in Postgres: StoryAssigner stores each member's title terms with its vector and
// decides as StoryClusterer does, on a stretch of the giveme stream where a headline decides a join.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusterStream, dedupeArticle, DEFAULT_STORY_CONFIG, type StoryConfig } from '../../packages/dedupe/src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadGiveme, type CorpusArticle } from './corpora.js';

let t: TestDatabase;
let seq = 0;

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

async function inMemory(sample: CorpusArticle[], config: StoryConfig): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const r of clusterStream(sample.map((a) => JSON.stringify(a)), { config })) out.set(r.id, r.storyId);
  return out;
}

/** Pairs of articles that share a story in one partition but not in the other. */
function disagreements(ids: string[], a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if ((a.get(ids[i]!) === a.get(ids[j]!)) !== (b.get(ids[i]!) === b.get(ids[j]!))) n++;
  return n;
}

describe('story titles', () => {
  it('the database assigner uses the members’ titles as the in-memory clusterer does', async () => {
    const sample = loadGiveme().slice(300, 330);
    const ids = sample.map((a) => a.id);
    const mem = await inMemory(sample, DEFAULT_STORY_CONFIG);
    // The stretch is one where the headlines change the partition (else this test proves nothing).
    expect(disagreements(ids, mem, await inMemory(sample, { ...DEFAULT_STORY_CONFIG, titleBonus: 0 }))).toBeGreaterThan(0);
    const db = new Map<string, number>();
    for (const a of sample) {
      const row = await t.db
        .insertInto('articles')
        .values({ source_key: `titles:${process.pid}:${++seq}`, title: a.title, text: a.text, published_at: a.publishedAt, status: 'extracted' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const r = await dedupeArticle(t.db, { articleId: row.id, text: a.text, title: a.title, publishedAt: a.publishedAt ? new Date(a.publishedAt) : null });
      db.set(a.id, r.storyId);
    }
    expect(disagreements(ids, mem, db)).toBe(0);
    const stored = await t.db.selectFrom('story_members').select('vector').execute();
    expect(stored.some((m) => Object.keys(m.vector as Record<string, number>).some((k) => k.startsWith('^')))).toBe(true);
  });
});
