import { sql, type Kysely, type Transaction } from 'kysely';
import type { ArticlesTable, ArticleStatus, ArticleUpdate, Database, NewArticle } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

/** Statuses after which nothing more happens to an article. */
export const FINAL_STATUSES: readonly ArticleStatus[] = ['claimed', 'duplicate', 'not_article', 'failed'];

/** Every column but the stored page, which is large (tens to hundreds of kB) and read by extraction alone. */
const ARTICLE_COLUMNS = [
  'id', 'source_key', 'url', 'canonical_url', 'feed_id', 'feed_entry_id', 'publisher', 'title', 'byline', 'language',
  'published_at', 'modified_at', 'text', 'content_hash', 'fingerprint', 'duplicate_of', 'story_id', 'status', 'last_error', 'failed_stage',
  'final_url', 'fetch_status', 'fetch_headers', 'fetched_at', 'created_at', 'updated_at',
] as const satisfies readonly Exclude<keyof ArticlesTable, 'raw_html'>[];

/** Statuses an article passes through on its way to a final one (each waits for a stage). */
export const UNFINISHED_STATUSES: readonly ArticleStatus[] = ['discovered', 'received', 'extracted', 'deduped'];

export class ArticlesRepository {
  constructor(private readonly db: Conn) {}

  /**
   * Inserts unless an article with the same source_key exists; says which happened. (The insert
   * trigger takes the source_key in article_keys and skips the row when it is taken.)
   */
  async insertIfNew(article: NewArticle): Promise<{ id: number; created: boolean; status: ArticleStatus; failedStage: string | null }> {
    const inserted = await this.db
      .insertInto('articles')
      .values(article)
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true, status: inserted.status, failedStage: null };
    const existing = await this.db
      .selectFrom('articles')
      .select(['id', 'status', 'failed_stage'])
      .where('source_key', '=', article.source_key)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false, status: existing.status, failedStage: existing.failed_stage };
  }

  /** An article without its stored page (the stages after extraction never need the page). */
  async get(id: number) {
    return this.db.selectFrom('articles').select(ARTICLE_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** An article with its stored page (gzipped HTML), for extraction. */
  async getWithPage(id: number) {
    return this.db.selectFrom('articles').select([...ARTICLE_COLUMNS, 'raw_html']).where('id', '=', id).executeTakeFirst();
  }

  async update(id: number, patch: ArticleUpdate): Promise<void> {
    await this.db
      .updateTable('articles')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Records that `stage` gave up on the article, and why (kept for a later retry of that stage). */
  async markFailed(id: number, reason: string, stage: string | null = null): Promise<void> {
    await this.update(id, { status: 'failed', last_error: reason.slice(0, 2000), failed_stage: stage });
  }

  /**
   * Puts a failed article back to `status` (the status its failed stage takes) so the stage can
   * run again. Only a failed article changes; says whether this one did.
   */
  async reopenFailed(id: number, status: ArticleStatus): Promise<boolean> {
    const r = await this.db
      .updateTable('articles')
      .set({ status, last_error: null, failed_stage: null, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Failed articles, oldest first, optionally only those one stage gave up on. */
  async failed(opts: { stage?: string; limit?: number } = {}): Promise<{ id: number; failed_stage: string | null; last_error: string | null }[]> {
    let q = this.db.selectFrom('articles').select(['id', 'failed_stage', 'last_error']).where('status', '=', 'failed');
    if (opts.stage) q = q.where('failed_stage', '=', opts.stage);
    return q.orderBy('id').limit(opts.limit ?? 100_000).execute();
  }

  /** Unfinished articles that have not changed since `before` (candidates for the sweeper), oldest first. */
  async unfinishedSince(before: Date, limit: number): Promise<{ id: number; status: ArticleStatus; updated_at: Date }[]> {
    return this.db
      .selectFrom('articles')
      .select(['id', 'status', 'updated_at'])
      .where('status', 'in', [...UNFINISHED_STATUSES])
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
  }

  /** Articles the claims stage did not analyse, with why ("not analysed (language ar)"); of one story when given. */
  async notAnalysed(storyId?: number): Promise<{ id: number; title: string | null; publisher: string | null; note: string }[]> {
    let q = this.db.selectFrom('articles').select(['id', 'title', 'publisher', 'claims_note as note']).where('claims_note', 'is not', null);
    if (storyId !== undefined) q = q.where('story_id', '=', storyId);
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => ({ ...r, note: r.note! }));
  }

  async statuses(ids: number[]): Promise<{ id: number; status: ArticleStatus; duplicate_of: number | null; last_error: string | null }[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('articles').select(['id', 'status', 'duplicate_of', 'last_error']).where('id', 'in', ids).execute();
  }

  /** How many articles are stored. */
  async count(): Promise<number> {
    const { n } = await this.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  /** The ids of the articles whose page is stored (they can be extracted again without the network). */
  async idsWithStoredPage(): Promise<number[]> {
    const rows = await this.db.selectFrom('articles').select('id').where('raw_html', 'is not', null).orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  /** Failed articles per stage they failed in (null: not recorded). */
  async failedByStage(): Promise<{ stage: string | null; count: number }[]> {
    const rows = await this.db
      .selectFrom('articles')
      .select(['failed_stage', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'failed')
      .groupBy('failed_stage')
      .execute();
    return rows.map((r) => ({ stage: r.failed_stage, count: Number(r.n) }));
  }

  /** The columns the dedupe decision reads (text included: candidates are verified on it). */
  async dedupeRows(ids: number[]) {
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

  /** The dedupe decision: the article's original (null for an original), story, hash and fingerprint. */
  async setDedupeResult(articleId: number, r: { duplicateOf: number | null; storyId: number; contentHash: string; fingerprint: string | null }): Promise<void> {
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
}
