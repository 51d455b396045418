// Frozen in time: this migration must never import application code or change once released.
import { sql, type Kysely } from 'kysely';

// The orders the dashboard's lists are read in, so that a first page walks an index and stops
// after a page instead of sorting the whole table. On a partitioned `articles` (2026-12-07T20)
// each month gets the index and a list merges the months in order (MergeAppend).
export async function up(db: Kysely<any>): Promise<void> {
  // Articles and claims newest first: publication time, then id.
  await sql`create index articles_published_order_idx on articles (published_at desc nulls last, id desc)`.execute(db);
  // Stories that are listed (not merged into another), last seen first.
  await sql`create index stories_listed_idx on stories (last_seen_at desc, id desc) where merged_into is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('stories_listed_idx').ifExists().execute();
  await db.schema.dropIndex('articles_published_order_idx').ifExists().execute();
}
