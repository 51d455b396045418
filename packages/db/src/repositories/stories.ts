import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

export class StoriesRepository {
  constructor(private readonly db: Conn) {}

  async create(title: string | null, seenAt: Date): Promise<number> {
    const row = await this.db
      .insertInto('stories')
      .values({ title, first_seen_at: seenAt, last_seen_at: seenAt, article_count: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Counts an article into a story and widens its time span. */
  async addArticle(storyId: number, seenAt: Date): Promise<void> {
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

  async get(id: number) {
    return this.db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
