// Frozen in time: this migration must never import application code or change once released.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Why the claims stage gave an article no claims, where a reader sees it: "not analysed (language ar)".
  await db.schema.alterTable('articles').addColumn('claims_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('claims_note').execute();
}
