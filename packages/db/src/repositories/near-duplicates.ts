import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

/**
 * Queries of the near-duplicate index and of the duplicate decision. Thin: the logic lives in
 * the worker's dedupe stage. Lock functions only make sense inside a transaction.
 */
export class NearDuplicatesRepository {
  constructor(private readonly db: Conn) {}

  /** Transaction-scoped advisory locks on 64-bit keys (decimal strings), taken in ascending order. */
  async lockKeys(keys: string[]): Promise<void> {
    const sorted = [...new Set(keys)].map((k) => BigInt(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!sorted.length) return;
    await sql`select pg_advisory_xact_lock(k) from unnest(${sorted.map(String)}::bigint[]) with ordinality as t(k, o) order by o`.execute(this.db);
  }

  /** Claims a content hash for an article; returns the article that holds it (this one if new). */
  async claimContentHash(hash: string, articleId: number): Promise<number> {
    // One statement: the row inserted, else the holder as the statement's snapshot sees it.
    const r = await sql<{ article_id: number }>`
      with ins as (insert into content_hashes (hash, article_id) values (${hash}, ${articleId}) on conflict (hash) do nothing returning article_id)
      select article_id from ins union all select article_id from content_hashes where hash = ${hash} limit 1`.execute(this.db);
    if (r.rows[0]) return Number(r.rows[0].article_id);
    // A holder committed while this statement waited on its insert is not in the statement's
    // snapshot; a second statement sees it.
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

  /** The dedupe result on the article, and its status when given (one statement). */
  async setResult(
    articleId: number,
    r: { duplicateOf: number | null; storyId: number; contentHash: string; fingerprint: string | null; status?: 'deduped' | 'duplicate' },
  ): Promise<void> {
    await this.db
      .updateTable('articles')
      .set({
        duplicate_of: r.duplicateOf,
        story_id: r.storyId,
        content_hash: r.contentHash,
        fingerprint: r.fingerprint,
        ...(r.status ? { status: r.status } : {}),
        updated_at: sql<Date>`now()`,
      })
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
}
