import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

/** The (int4, int4) advisory key that serialises story assignment (apart from the bigint keys). */
const STORY_LOCK: [number, number] = [0x4e4c5354, 1];

/**
 * Queries of the near-duplicate index and of story clustering. Thin: the logic lives in
 * @newsline/dedupe. Lock functions only make sense inside a transaction.
 */
export class NearDuplicatesRepository {
  constructor(private readonly db: Conn) {}

  /** Transaction-scoped advisory locks on 64-bit keys (decimal strings), taken in ascending order. */
  async lockKeys(keys: string[]): Promise<void> {
    const sorted = [...new Set(keys)].map((k) => BigInt(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!sorted.length) return;
    await sql`select pg_advisory_xact_lock(k) from unnest(${sorted.map(String)}::bigint[]) with ordinality as t(k, o) order by o`.execute(this.db);
  }

  /** The transaction-scoped lock that serialises story assignment. */
  async lockStories(): Promise<void> {
    await sql`select pg_advisory_xact_lock(${STORY_LOCK[0]}::int4, ${STORY_LOCK[1]}::int4)`.execute(this.db);
  }

  /** Claims a content hash for an article; returns the article that holds it (this one if new). */
  async claimContentHash(hash: string, articleId: number): Promise<number> {
    await this.db.insertInto('content_hashes').values({ hash, article_id: articleId }).onConflict((oc) => oc.column('hash').doNothing()).execute();
    const row = await this.db.selectFrom('content_hashes').select('article_id').where('hash', '=', hash).executeTakeFirstOrThrow();
    return row.article_id;
  }

  /** Original articles sharing at least one band key, other than `excludeId`. */
  async bandCandidates(keys: string[], excludeId: number): Promise<number[]> {
    if (!keys.length) return [];
    const rows = await this.db
      .selectFrom('near_dup_bands')
      .select('article_id')
      .distinct()
      .where('band_key', '=', sql<string>`any(${keys}::bigint[])`)
      .where('article_id', '<>', excludeId)
      .execute();
    return rows.map((r) => r.article_id);
  }

  async addBands(articleId: number, keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.db
      .insertInto('near_dup_bands')
      .values([...new Set(keys)].map((band_key) => ({ band_key, article_id: articleId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async articles(ids: number[]) {
    if (!ids.length) return [];
    return this.db
      .selectFrom('articles')
      .select(['id', 'title', 'text', 'published_at', 'created_at', 'canonical_url', 'duplicate_of', 'story_id', 'content_hash', 'fingerprint'])
      .where('id', 'in', ids)
      .execute();
  }

  /**
   * The original of the already-deduplicated articles with this canonical URL, other than
   * `excludeId` (the first such article, or the copy that has since replaced it).
   */
  async urlOriginal(canonicalUrl: string, excludeId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('articles')
      .select(['id', 'duplicate_of'])
      .where('canonical_url', '=', canonicalUrl)
      .where('id', '<>', excludeId)
      .where('story_id', 'is not', null)
      .orderBy(sql`duplicate_of is null`, 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row ? (row.duplicate_of ?? row.id) : undefined;
  }

  async setResult(articleId: number, r: { duplicateOf: number | null; storyId: number; contentHash: string; fingerprint: string | null }): Promise<void> {
    await this.db
      .updateTable('articles')
      .set({ duplicate_of: r.duplicateOf, story_id: r.storyId, content_hash: r.contentHash, fingerprint: r.fingerprint, updated_at: sql<Date>`now()` })
      .where('id', '=', articleId)
      .execute();
  }

  /**
   * Makes `by` the original of `former` and of every copy of it (`by` must be one of its copies):
   * they all become duplicates of `by` (claims already taken from `former` stay).
   */
  async replaceOriginal(former: number, by: number): Promise<void> {
    await this.db
      .updateTable('articles')
      .set({ duplicate_of: by, status: 'duplicate', updated_at: sql<Date>`now()` })
      .where((eb) => eb.or([eb('id', '=', former), eb('duplicate_of', '=', former)]))
      .where('id', '<>', by)
      .execute();
  }

  // --- story clustering state ---

  /** Counts one more clustered article and returns the new total. */
  async incrementDocCount(): Promise<number> {
    const row = await this.db.updateTable('story_stats').set({ doc_count: sql<number>`doc_count + 1` }).where('id', '=', 1).returning('doc_count').executeTakeFirstOrThrow();
    return row.doc_count;
  }

  async incrementDf(terms: string[]): Promise<void> {
    if (!terms.length) return;
    await sql`insert into story_term_df (term, df) select t, 1 from unnest(${terms}::text[]) as t
      on conflict (term) do update set df = story_term_df.df + 1`.execute(this.db);
  }

  async df(terms: string[]): Promise<Map<string, number>> {
    if (!terms.length) return new Map();
    const rows = await this.db.selectFrom('story_term_df').select(['term', 'df']).where('term', '=', sql<string>`any(${terms}::text[])`).execute();
    return new Map(rows.map((r) => [r.term, r.df]));
  }

  /** Live stories listed under any of the terms, seen within [from, to], most shared terms first. */
  async candidateStories(terms: string[], from: Date, to: Date, limit: number): Promise<number[]> {
    if (!terms.length) return [];
    const rows = await this.db
      .selectFrom('story_terms as t')
      .innerJoin('stories as s', 's.id', 't.story_id')
      .select(['t.story_id', sql<number>`count(*)`.as('shared')])
      .where('t.term', '=', sql<string>`any(${terms}::text[])`)
      .where('s.merged_into', 'is', null)
      .where('s.last_seen_at', '>=', from)
      .where('s.first_seen_at', '<=', to)
      .groupBy('t.story_id')
      .orderBy('shared', 'desc')
      .orderBy('t.story_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.story_id);
  }

  async stories(ids: number[]) {
    if (!ids.length) return [];
    return this.db
      .selectFrom('stories as s')
      .innerJoin('story_centroids as c', 'c.story_id', 's.id')
      .select(['s.id', 's.title', 's.first_seen_at', 's.last_seen_at', 's.article_count', 'c.centroid'])
      .where('s.id', 'in', ids)
      .execute();
  }

  /** The latest-published `perStory` members of each story, oldest first. */
  async members(storyIds: number[], perStory: number) {
    if (!storyIds.length) return [];
    const rows = await sql<{ story_id: number; vector: Record<string, number>; published_at: Date }>`
      select story_id, vector, published_at from (
        select story_id, vector, published_at, article_id,
          row_number() over (partition by story_id order by published_at desc, article_id desc) as rn
        from story_members where story_id = any(${storyIds}::bigint[])
      ) m where rn <= ${perStory} order by published_at, article_id`.execute(this.db);
    return rows.rows;
  }

  async createStory(title: string | null, seenAt: Date, centroid: Record<string, number>): Promise<number> {
    const row = await this.db.insertInto('stories').values({ title, first_seen_at: seenAt, last_seen_at: seenAt, article_count: 0 }).returning('id').executeTakeFirstOrThrow();
    await this.db.insertInto('story_centroids').values({ story_id: row.id, centroid: JSON.stringify(centroid) }).execute();
    return row.id;
  }

  /** Gives a story the title of an article that joins it, when it has none yet. */
  async titleIfMissing(storyId: number, title: string): Promise<void> {
    await this.db.updateTable('stories').set({ title }).where('id', '=', storyId).where('title', 'is', null).execute();
  }

  async saveCentroid(storyId: number, centroid: Record<string, number>): Promise<void> {
    await this.db
      .insertInto('story_centroids')
      .values({ story_id: storyId, centroid: JSON.stringify(centroid) })
      .onConflict((oc) => oc.column('story_id').doUpdateSet({ centroid: JSON.stringify(centroid) }))
      .execute();
  }

  /** Counts an article (original or duplicate) into a story and widens its time span. */
  async countArticle(storyId: number, seenAt: Date): Promise<void> {
    await this.db
      .updateTable('stories')
      .set({
        article_count: sql<number>`article_count + 1`,
        first_seen_at: sql<Date>`least(first_seen_at, ${seenAt})`,
        last_seen_at: sql<Date>`greatest(last_seen_at, ${seenAt})`,
      })
      .where('id', '=', storyId)
      .execute();
  }

  async addMember(articleId: number, storyId: number, vector: Record<string, number>, publishedAt: Date, keyTerms: string[]): Promise<void> {
    await this.db
      .insertInto('story_members')
      .values({ article_id: articleId, story_id: storyId, vector: JSON.stringify(vector), published_at: publishedAt })
      .onConflict((oc) => oc.column('article_id').doNothing())
      .execute();
    if (keyTerms.length) {
      await this.db
        .insertInto('story_terms')
        .values([...new Set(keyTerms)].map((term) => ({ term, story_id: storyId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  /** Merges story `from` into `into`: its articles, members, postings, counts and span move over. */
  async mergeStory(from: number, into: number): Promise<void> {
    if (from === into) return;
    await this.db.updateTable('articles').set({ story_id: into }).where('story_id', '=', from).execute();
    await this.db.updateTable('story_members').set({ story_id: into }).where('story_id', '=', from).execute();
    await sql`insert into story_terms (term, story_id) select term, ${into}::bigint from story_terms where story_id = ${from}::bigint on conflict do nothing`.execute(this.db);
    await this.db.deleteFrom('story_terms').where('story_id', '=', from).execute();
    await sql`update stories i set article_count = i.article_count + f.article_count, title = coalesce(i.title, f.title),
        first_seen_at = least(i.first_seen_at, f.first_seen_at), last_seen_at = greatest(i.last_seen_at, f.last_seen_at)
      from stories f where i.id = ${into}::bigint and f.id = ${from}::bigint`.execute(this.db);
    await this.db.updateTable('stories').set({ merged_into: into, article_count: 0 }).where('id', '=', from).execute();
    await this.db.updateTable('stories').set({ merged_into: into }).where('merged_into', '=', from).execute();
  }
}
