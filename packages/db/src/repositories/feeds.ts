import { sql, type Kysely } from 'kysely';
import type { Database, Feed, FeedUpdate } from '../schema.js';

export class FeedsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds a feed, or updates the interval of the one with this URL. */
  async upsert(url: string, intervalSeconds: number, title: string | null = null) {
    return this.db
      .insertInto('feeds')
      .values({ url, interval_seconds: intervalSeconds, title, next_poll_at: new Date() })
      .onConflict((oc) =>
        oc.column('url').doUpdateSet({
          interval_seconds: intervalSeconds,
          title: (eb) => eb.fn.coalesce(eb.ref('excluded.title'), eb.ref('feeds.title')),
          updated_at: sql<Date>`now()`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async get(id: number) {
    return this.db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByUrl(url: string) {
    return this.db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
  }

  async list() {
    return this.db.selectFrom('feeds').selectAll().orderBy('id').execute();
  }

  async update(id: number, patch: FeedUpdate): Promise<void> {
    await this.db
      .updateTable('feeds')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Removes the feed; its articles stay (their feed_id becomes null). */
  async remove(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

/** A feed's health for lists and the dashboard: failing while its last poll failed, new until polled. */
export function feedHealth(f: Feed): 'ok' | 'failing' | 'new' {
  if (f.failure_count > 0) return 'failing';
  return f.last_polled_at ? 'ok' : 'new';
}
