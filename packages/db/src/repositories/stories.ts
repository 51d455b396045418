import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Conn = Kysely<Database> | Transaction<Database>;

/** Advisory-lock classes, (class, int4) keys apart from the bigint keys of the near-duplicate locks. */
const STORY_LOCK_CLASS = 0x4e4c5355;
const TERM_LOCK_CLASS = 0x4e4c5356;

export interface StoryRow {
  id: number;
  title: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  description: unknown;
}

/**
 * Queries of story clustering (thin: the algorithm is @newsline/dedupe's `placeArticle`, the
 * mapping is the worker's story store). Every query is bounded by the article's terms and its
 * candidate stories, never by the number of stories.
 */
export class StoriesRepository {
  constructor(private readonly db: Conn) {}

  /**
   * Counts one more clustered article and adds one to the document frequency of each of its
   * terms (in term order), in one statement: the new article count and the new frequencies.
   * The count is a sequence and the frequencies are upserted in term order: no row that every
   * writer locks, and no lock-order cycle between two writers.
   */
  async countDocument(terms: string[]): Promise<{ docCount: number; df: Map<string, number> }> {
    const sorted = [...new Set(terms)].sort();
    const r = await sql<{ n: string; terms: string[] | null; dfs: number[] | null }>`
      with ins as (insert into story_term_df (term, df)
        select t, 1 from unnest(${sorted}::text[]) with ordinality as u(t, o) order by o
        on conflict (term) do update set df = story_term_df.df + 1 returning term, df)
      select nextval('story_doc_seq') as n, (select array_agg(term order by term) from ins) as terms, (select array_agg(df order by term) from ins) as dfs`.execute(this.db);
    const row = r.rows[0];
    const df = new Map<string, number>();
    (row?.terms ?? []).forEach((t, i) => df.set(t, Number(row?.dfs?.[i])));
    return { docCount: Number(row?.n ?? 0), df };
  }

  async termFrequencies(terms: string[]): Promise<Map<string, number>> {
    if (!terms.length) return new Map();
    const rows = await this.db.selectFrom('story_term_df').select(['term', 'df']).where('term', '=', sql<string>`any(${terms}::text[])`).execute();
    return new Map(rows.map((r) => [r.term, r.df]));
  }

  /**
   * Live stories listed under any of the terms (the newest `perTerm` under each), seen within
   * [from, to], most shared terms first, then the lowest id.
   */
  async candidates(terms: string[], from: Date, to: Date, limit: number, perTerm: number): Promise<number[]> {
    if (!terms.length) return [];
    const r = await sql<{ story_id: number }>`
      select p.story_id from unnest(${terms}::text[]) as k(term)
      cross join lateral (select story_id from story_terms t where t.term = k.term order by story_id desc limit ${perTerm}) p
      join stories s on s.id = p.story_id
      where s.merged_into is null and s.last_seen_at >= ${from} and s.first_seen_at <= ${to}
      group by p.story_id order by count(*) desc, p.story_id limit ${limit}`.execute(this.db);
    return r.rows.map((x) => Number(x.story_id));
  }

  /** Transaction-scoped locks on key terms (by a 32-bit hash, ascending; a collision only serialises two articles more). */
  async lockTerms(terms: string[]): Promise<void> {
    if (!terms.length) return;
    await sql`select pg_advisory_xact_lock(${TERM_LOCK_CLASS}::int4, h) from (
        select distinct hashtext(t) as h from unnest(${terms}::text[]) as t) k order by h`.execute(this.db);
  }

  /** Transaction-scoped locks on these stories, in ascending id order (no lock-order cycles). */
  async lockStories(ids: number[]): Promise<void> {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    if (!sorted.length) return;
    await sql`select pg_advisory_xact_lock(${STORY_LOCK_CLASS}::int4, id::int4) from unnest(${sorted}::bigint[]) with ordinality as t(id, o) order by o`.execute(this.db);
  }

  /** The live stories among `ids`, with their descriptions. */
  async load(ids: number[]): Promise<StoryRow[]> {
    if (!ids.length) return [];
    return this.db
      .selectFrom('stories as s')
      .innerJoin('story_descriptions as d', 'd.story_id', 's.id')
      .select(['s.id', 's.title', 's.first_seen_at', 's.last_seen_at', 'd.description'])
      .where('s.id', 'in', ids)
      .where('s.merged_into', 'is', null)
      .execute();
  }

  /** For stories merged away, the story each was merged into (merges re-point chains: one step). */
  async mergedInto(ids: number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('stories').select(['id', 'merged_into']).where('id', 'in', ids).where('merged_into', 'is not', null).execute();
    return new Map(rows.map((r) => [Number(r.id), Number(r.merged_into)]));
  }

  /** A new story of one article. */
  async create(s: { title: string | null; firstSeen: Date; lastSeen: Date; description: string }): Promise<number> {
    // The story and its description in one statement.
    const r = await sql<{ id: number }>`
      with s as (insert into stories (title, first_seen_at, last_seen_at, article_count) values (${s.title}, ${s.firstSeen}, ${s.lastSeen}, 1) returning id),
           d as (insert into story_descriptions (story_id, description) select id, ${s.description}::jsonb from s)
      select id from s`.execute(this.db);
    return Number(r.rows[0]!.id);
  }

  /** A story after one more article joined it (merges already counted by `merge`). */
  async saveJoined(id: number, s: { title: string | null; firstSeen: Date; lastSeen: Date; description: string }): Promise<void> {
    await sql`with d as (update story_descriptions set description = ${s.description}::jsonb where story_id = ${id}::bigint)
      update stories set title = coalesce(${s.title}, title), article_count = article_count + 1,
        first_seen_at = least(first_seen_at, ${s.firstSeen}), last_seen_at = greatest(last_seen_at, ${s.lastSeen})
      where id = ${id}::bigint`.execute(this.db);
  }

  /** Counts a duplicate article into its original's story and widens its time span. */
  async countArticle(storyId: number, seenAt: Date): Promise<void> {
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

  /** Merges story `from` into `into`: its articles, postings, counts and span move over. */
  async merge(from: number, into: number): Promise<void> {
    if (from === into) return;
    await this.db.updateTable('articles').set({ story_id: into }).where('story_id', '=', from).execute();
    await sql`insert into story_terms (term, story_id) select term, ${into}::bigint from story_terms where story_id = ${from}::bigint on conflict do nothing`.execute(this.db);
    await this.db.deleteFrom('story_terms').where('story_id', '=', from).execute();
    // The merged story's row is locked before its count is read: a duplicate counted into it by a
    // transaction that did not lock the story is not lost when its count goes to 0 below.
    await sql`with f as (select article_count, first_seen_at, last_seen_at from stories where id = ${from}::bigint for update)
      update stories i set article_count = i.article_count + f.article_count,
        first_seen_at = least(i.first_seen_at, f.first_seen_at), last_seen_at = greatest(i.last_seen_at, f.last_seen_at)
      from f where i.id = ${into}::bigint`.execute(this.db);
    await this.db.updateTable('stories').set({ merged_into: into, article_count: 0 }).where('id', '=', from).execute();
    await this.db.updateTable('stories').set({ merged_into: into }).where('merged_into', '=', from).execute();
  }

  /** Lists a story under key terms. */
  async addKeys(storyId: number, keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.db
      .insertInto('story_terms')
      .values([...new Set(keys)].map((term) => ({ term, story_id: storyId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
