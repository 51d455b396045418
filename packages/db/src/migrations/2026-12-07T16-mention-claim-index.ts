// Frozen in time: this migration must never import application code or change once released.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Deleting an article's claims (a re-run of the claims stage) cascades to their mentions by
  // claim_id: without this index each deleted claim scanned every mention.
  await db.schema.createIndex('event_mentions_claim_idx').on('event_mentions').column('claim_id').ifNotExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('event_mentions_claim_idx').ifExists().execute();
}
