import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

/**
 * The near-duplicate index (MinHash band keys), the content hashes and the dedupe locks. Thin: the
 * logic lives in the worker's dedupe stage; the articles' own dedupe columns (original, story) are
 * in ArticlesRepository. Lock functions only make sense inside a transaction.
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
}
