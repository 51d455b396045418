import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, NewClaim, NewEvent, StoredQuantity } from '../schema.js';
import { retryTransient } from '../transient.js';

export interface ClaimRow extends Omit<NewClaim, 'article_id' | 'ordinal' | 'quantities' | 'article_created_at'> {
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

export interface StoredClaims {
  claimIds: number[];
  /** The event of each mention, in the order of the mentions. */
  eventIds: number[];
}

/**
 * An article's claims and event mentions, written with one statement per table whatever their
 * number. Events are upserted in key order, so two articles that mention the same events lock
 * them in the same order and cannot deadlock; a deadlock or serialization failure that still
 * happens (a re-run racing a stale one) reruns the whole transaction.
 */
export class ClaimsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Replaces an article's claims and their event mentions in one transaction, creating events
   * that do not exist yet (the unique event key merges mentions from other articles).
   * Running it twice with the same input leaves the same rows.
   */
  async replaceForArticle(articleId: number, claims: ClaimRow[], mentions: MentionRow[]): Promise<StoredClaims> {
    return retryTransient(() =>
      this.db.transaction().execute(async (tx) => {
        // Serialise work on one article (a retried job racing a stalled one).
        const article = await tx.selectFrom('articles').select(['id', 'created_at']).where('id', '=', articleId).forUpdate().executeTakeFirst();
        if (!article) throw new Error(`article ${articleId} does not exist`);
        return writeClaims(tx, article, claims, mentions);
      }),
    );
  }

  /**
   * The claims stage's write: takes the article from 'deduped' to 'claimed' and stores its claims,
   * in one transaction. Returns null (and writes nothing) when the article is no longer 'deduped'
   * (another run of the job got there first).
   */
  async storeForDedupedArticle(articleId: number, claims: ClaimRow[], mentions: MentionRow[]): Promise<StoredClaims | null> {
    return retryTransient(() =>
      this.db.transaction().execute(async (tx) => {
        // The status change is also the article's row lock: a second run waits, then finds nothing to do.
        const claimed = await tx
          .updateTable('articles')
          .set({ status: 'claimed', last_error: null, updated_at: sql<Date>`now()` })
          .where('id', '=', articleId)
          .where('status', '=', 'deduped')
          .returning(['id', 'created_at'])
          .executeTakeFirst();
        if (!claimed) return null;
        return writeClaims(tx, claimed, claims, mentions);
      }),
    );
  }

  async forArticle(articleId: number) {
    return this.db.selectFrom('claims').selectAll().where('article_id', '=', articleId).orderBy('ordinal').execute();
  }
}

/**
 * Within a transaction that holds the article's row lock. Claims and mentions carry the article's
 * created_at (their month partition), which also confines the statements to that partition.
 */
async function writeClaims(
  tx: Transaction<Database>,
  article: { id: number; created_at: Date },
  claims: ClaimRow[],
  mentions: MentionRow[],
): Promise<StoredClaims> {
  const { id: articleId, created_at: articleCreatedAt } = article;
  for (const m of mentions) {
    if (m.claimIndex < 0 || m.claimIndex >= claims.length || !Number.isInteger(m.claimIndex)) {
      throw new Error(`event mention points at claim ${m.claimIndex}, which does not exist (article ${articleId} has ${claims.length})`);
    }
  }
  // The events an earlier run mentioned, and the earlier claims (their mentions go with them).
  const old = (
    await sql<{ event_id: number }>`
      with old as (select distinct event_id from event_mentions where article_id = ${articleId} and article_created_at = ${articleCreatedAt}),
           gone as (delete from claims where article_id = ${articleId} and article_created_at = ${articleCreatedAt})
      select event_id from old`.execute(tx)
  ).rows.map((r) => Number(r.event_id));

  // One row per event key, in key order: the order every transaction locks them in.
  const byKey = new Map<string, EventRow>();
  for (const m of mentions) if (!byKey.has(m.event.key)) byKey.set(m.event.key, m.event);
  const keys = [...byKey.keys()].sort();
  if (old.length) {
    // A re-run also touches events it mentioned before: lock those and the wanted ones, in key order, first.
    await sql`select id from events where id = any(${old}::bigint[]) or key = any(${keys}::text[]) order by key for update`.execute(tx);
  }

  const claimIds: number[] = [];
  if (claims.length) {
    const rows = await tx
      .insertInto('claims')
      .values(claims.map((c, ordinal) => ({ ...c, article_id: articleId, article_created_at: articleCreatedAt, ordinal, quantities: JSON.stringify(c.quantities) })))
      .returning(['id', 'ordinal'])
      .execute();
    for (const r of rows) claimIds[r.ordinal] = r.id;
  }

  const idByKey = new Map<string, number>();
  if (keys.length) {
    // DO UPDATE (not DO NOTHING) so that existing events come back with their ids, locked until commit.
    const rows = await tx
      .insertInto('events')
      .values(keys.map((k) => byKey.get(k) as EventRow))
      .onConflict((oc) => oc.column('key').doUpdateSet({ key: (eb) => eb.ref('excluded.key') }))
      .returning(['id', 'key'])
      .execute();
    for (const r of rows) idByKey.set(r.key, r.id);
  }

  const eventIds = mentions.map((m) => idByKey.get(m.event.key) as number);
  if (mentions.length) {
    await tx
      .insertInto('event_mentions')
      .values(
        mentions.map((m, i) => ({
          event_id: eventIds[i] as number,
          claim_id: claimIds[m.claimIndex] as number,
          article_id: articleId,
          article_created_at: articleCreatedAt,
          start: m.start,
          end: m.end,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'claim_id', 'article_created_at']).doNothing())
      .execute();
  }

  // Events this article alone mentioned and no longer does (locked above; a fresh snapshot sees every committed mention).
  const kept = new Set(eventIds);
  const stale = old.filter((id) => !kept.has(id));
  if (stale.length) {
    await tx
      .deleteFrom('events')
      .where('id', 'in', stale)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('event_mentions').select('event_id').whereRef('event_mentions.event_id', '=', 'events.id'))))
      .execute();
  }
  return { claimIds, eventIds };
}
