import { sql, type Kysely } from 'kysely';
import type { Database, NewClaim, NewEvent, StoredQuantity } from '../schema.js';

export interface ClaimRow extends Omit<NewClaim, 'article_id' | 'ordinal' | 'quantities'> {
  quantities: StoredQuantity[];
}

/** An event as written with a mention: every column but the generated ones. */
export type EventRow = Omit<NewEvent, 'id' | 'created_at' | 'actor_entity_id'>;

export interface MentionRow {
  event: EventRow;
  /** Index into the claims passed with it. */
  claimIndex: number;
  start: number;
  end: number;
}

export class ClaimsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Replaces an article's claims and their event mentions in one transaction, creating events
   * that do not exist yet (the unique event key merges mentions from other articles).
   * Running it twice with the same input leaves the same rows.
   */
  async replaceForArticle(articleId: number, claims: ClaimRow[], mentions: MentionRow[]): Promise<{ claimIds: number[]; eventIds: number[] }> {
    return this.db.transaction().execute(async (tx) => {
      // Serialise work on one article (a retried job racing a stalled one).
      await sql`select pg_advisory_xact_lock(${articleId})`.execute(tx);
      const old = await tx.selectFrom('event_mentions').select('event_id').where('article_id', '=', articleId).execute();
      await tx.deleteFrom('claims').where('article_id', '=', articleId).execute();
      const claimIds: number[] = [];
      if (claims.length) {
        const rows = await tx
          .insertInto('claims')
          .values(
            claims.map((c, ordinal) => ({
              ...c,
              article_id: articleId,
              ordinal,
              quantities: JSON.stringify(c.quantities),
            })),
          )
          .returning(['id', 'ordinal'])
          .execute();
        for (const r of rows) claimIds[r.ordinal] = r.id;
      }
      const eventIds: number[] = [];
      for (const m of mentions) {
        const claimId = claimIds[m.claimIndex];
        if (claimId === undefined) throw new Error(`event mention points at claim ${m.claimIndex}, which does not exist`);
        const ev = await tx
          .insertInto('events')
          .values(m.event)
          .onConflict((oc) => oc.column('key').doUpdateSet({ key: (eb) => eb.ref('excluded.key') }))
          .returning('id')
          .executeTakeFirstOrThrow();
        eventIds.push(ev.id);
        await tx
          .insertInto('event_mentions')
          .values({ event_id: ev.id, claim_id: claimId, article_id: articleId, start: m.start, end: m.end })
          .onConflict((oc) => oc.columns(['event_id', 'claim_id']).doNothing())
          .execute();
      }
      // Events this article alone mentioned and no longer does.
      const stale = old.map((o) => o.event_id).filter((id) => !eventIds.includes(id));
      if (stale.length) {
        await tx
          .deleteFrom('events')
          .where('id', 'in', stale)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('event_mentions').select('event_id').whereRef('event_mentions.event_id', '=', 'events.id'))),
          )
          .execute();
      }
      return { claimIds, eventIds };
    });
  }

  async forArticle(articleId: number) {
    return this.db.selectFrom('claims').selectAll().where('article_id', '=', articleId).orderBy('ordinal').execute();
  }
}
