// Frozen in time: this migration must never import application code or change once released.
import { sql, type Kysely } from 'kysely';

/**
 * Full-text search over articles (title weighted above text) and claims (speaker and content).
 * Expression GIN indexes, not stored columns: nothing is added to the rows the workers read and
 * write, and a status update (which leaves title and text alone) does not touch the index.
 * The expressions must stay identical to the ones in repositories/search.ts, or the planner
 * cannot use these indexes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index articles_fts_idx on articles using gin ((
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'B')))`.execute(db);
  await sql`create index claims_fts_idx on claims using gin ((
    to_tsvector('english'::regconfig, coalesce(speaker, '') || ' ' || content)))`.execute(db);
  // Filters of the reading pages: by time and outlet.
  await db.schema.createIndex('articles_published_idx').on('articles').column('published_at').execute();
  // A claim's events (the primary key leads with event_id).
  await db.schema.createIndex('event_mentions_claim_idx').on('event_mentions').column('claim_id').execute();
  await db.schema.createIndex('events_occurred_idx').on('events').columns(['kind', 'occurred_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['events_occurred_idx', 'event_mentions_claim_idx', 'articles_published_idx', 'claims_fts_idx', 'articles_fts_idx']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
