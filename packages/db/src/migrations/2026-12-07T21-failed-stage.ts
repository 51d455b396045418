// Frozen in time: this migration must never import application code or change once released.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The stage an article failed in, so an operator's retry (or a replay) can run that stage again.
  await db.schema.alterTable('articles').addColumn('failed_stage', 'text').execute();
  // Failures recorded before this column name their stage at the start of last_error ("claims: ...").
  await sql`
    update articles set failed_stage = split_part(last_error, ':', 1)
    where status = 'failed' and split_part(last_error, ':', 1) in ('fetch', 'extract', 'dedupe', 'claims')
  `.execute(db);
  // The sweeper's question, "which unfinished articles have not moved for a while?", stays cheap.
  await sql`
    create index articles_unfinished_idx on articles (updated_at)
    where status in ('discovered', 'received', 'extracted', 'deduped')
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_unfinished_idx').ifExists().execute();
  await db.schema.alterTable('articles').dropColumn('failed_stage').execute();
}
