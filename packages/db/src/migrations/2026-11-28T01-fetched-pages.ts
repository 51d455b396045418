// Frozen in time: this migration must never import application code or change once released.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The raw page as fetched, so replay and re-extraction never need the network again.
  await db.schema
    .alterTable('articles')
    .addColumn('final_url', 'text')
    .addColumn('fetch_status', 'integer')
    .addColumn('fetch_headers', 'jsonb')
    .addColumn('fetched_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('feeds')
    .addColumn('last_status', 'integer')
    .addColumn('last_new_entries', 'integer')
    .addColumn('schedule_reason', 'text')
    .execute();
  await db.schema.createIndex('articles_feed_idx').on('articles').column('feed_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_feed_idx').ifExists().execute();
  await db.schema.alterTable('feeds').dropColumn('last_status').dropColumn('last_new_entries').dropColumn('schedule_reason').execute();
  await db.schema.alterTable('articles').dropColumn('final_url').dropColumn('fetch_status').dropColumn('fetch_headers').dropColumn('fetched_at').execute();
}
