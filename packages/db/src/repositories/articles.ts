import { sql, type Kysely, type Transaction } from 'kysely';
import type { ArticlesTable, ArticleStatus, ArticleUpdate, Database, NewArticle } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

/** Statuses after which nothing more happens to an article. */
export const FINAL_STATUSES: readonly ArticleStatus[] = ['claimed', 'duplicate', 'not_article', 'failed'];

/** Every column but the stored page, which is large (tens to hundreds of kB) and read by extraction alone. */
const ARTICLE_COLUMNS = [
  'id', 'source_key', 'url', 'canonical_url', 'feed_id', 'feed_entry_id', 'publisher', 'title', 'byline', 'language',
  'published_at', 'modified_at', 'text', 'content_hash', 'fingerprint', 'duplicate_of', 'story_id', 'status', 'last_error',
  'final_url', 'fetch_status', 'fetch_headers', 'fetched_at', 'created_at', 'updated_at',
] as const satisfies readonly Exclude<keyof ArticlesTable, 'raw_html'>[];

export class ArticlesRepository {
  constructor(private readonly db: Conn) {}

  /** Inserts unless an article with the same source_key exists; says which happened. */
  async insertIfNew(article: NewArticle): Promise<{ id: number; created: boolean; status: ArticleStatus }> {
    const inserted = await this.db
      .insertInto('articles')
      .values(article)
      .onConflict((oc) => oc.column('source_key').doNothing())
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true, status: inserted.status };
    const existing = await this.db
      .selectFrom('articles')
      .select(['id', 'status'])
      .where('source_key', '=', article.source_key)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false, status: existing.status };
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

  async markFailed(id: number, reason: string): Promise<void> {
    await this.update(id, { status: 'failed', last_error: reason.slice(0, 2000) });
  }

  async statuses(ids: number[]): Promise<{ id: number; status: ArticleStatus; duplicate_of: number | null }[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('articles').select(['id', 'status', 'duplicate_of']).where('id', 'in', ids).execute();
  }

}
