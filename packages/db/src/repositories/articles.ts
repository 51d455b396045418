import { sql, type Kysely, type Transaction } from 'kysely';
import type { ArticleStatus, ArticleUpdate, Database, NewArticle } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

/** Statuses after which nothing more happens to an article. */
export const FINAL_STATUSES: readonly ArticleStatus[] = ['claimed', 'duplicate', 'not_article', 'failed'];

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

  async get(id: number) {
    return this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
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

  /** Articles the claims stage did not analyse, with why ("not analysed (language ar)"); of one story when given. */
  async notAnalysed(storyId?: number): Promise<{ id: number; title: string | null; publisher: string | null; note: string }[]> {
    let q = this.db.selectFrom('articles').select(['id', 'title', 'publisher', 'claims_note as note']).where('claims_note', 'is not', null);
    if (storyId !== undefined) q = q.where('story_id', '=', storyId);
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => ({ ...r, note: r.note! }));
  }

  async statuses(ids: number[]): Promise<{ id: number; status: ArticleStatus; duplicate_of: number | null }[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('articles').select(['id', 'status', 'duplicate_of']).where('id', 'in', ids).execute();
  }

}
