import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, StoredQuantity } from '../schema.js';
import { leadTitle } from './stories-view.js';
import {
  CLAIM_TSV,
  allOf,
  cappedTotal,
  containsPattern,
  inBatches,
  likePatterns,
  offsetOf,
  subjectTerms,
  tsQuery,
  type PageRequest,
  type Paged,
  type ReadFilter,
} from './read-filter.js';

/** A claim as a reader sees it: who said what, where, and the events it mentions. */
export interface ClaimView {
  id: number;
  articleId: number;
  ordinal: number;
  speaker: string | null;
  cue: string | null;
  content: string;
  /** Offsets of the claim (speaker, cue and content together) in its article's text. */
  start: number;
  end: number;
  /** The day the claim was made, else the article's publication day. */
  claimedOn: string | null;
  quantities: StoredQuantity[];
  articleTitle: string;
  publisher: string | null;
  publishedAt: Date | null;
  storyId: number | null;
  eventIds: number[];
}

type Row = Omit<ClaimView, 'articleTitle'> & { articleTitle: string | null; lead: string | null };

const COLUMNS = sql`c.id, c.article_id as "articleId", c.ordinal, c.speaker, c.cue, c.content,
  least(c.start, coalesce(c.speaker_start, c.start), coalesce(c.cue_start, c.start)) as start,
  greatest(c."end", coalesce(c.speaker_end, c."end"), coalesce(c.cue_end, c."end")) as "end",
  to_char(coalesce(c.claimed_at, a.published_at::date), 'YYYY-MM-DD') as "claimedOn", c.quantities,
  a.title as "articleTitle", case when coalesce(a.title, '') = '' then left(a.text, 400) end as lead,
  a.publisher, a.published_at as "publishedAt", a.story_id as "storyId",
  array(select m.event_id::int from event_mentions m where m.claim_id = c.id order by m.event_id) as "eventIds"`;

const toView = ({ lead, articleTitle, ...r }: Row): ClaimView => ({
  ...r,
  articleTitle: articleTitle || (lead ? leadTitle(lead) : `Article ${r.articleId}`),
});

/** Claim conditions of a reader's filter (`c`: claims, `a`: their articles). */
export function claimConditions(f: ReadFilter): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (f.q) c.push(sql`${CLAIM_TSV('c')} @@ ${tsQuery(f.q)}`);
  if (f.from) c.push(sql`coalesce(c.claimed_at, a.published_at::date) >= ${f.from}::date`);
  if (f.to) c.push(sql`coalesce(c.claimed_at, a.published_at::date) <= ${f.to}::date`);
  if (f.outlet) c.push(sql`a.publisher ilike ${containsPattern(f.outlet)}`);
  if (f.speaker) c.push(sql`c.speaker ilike ${containsPattern(f.speaker)}`);
  if (f.subject) {
    // The normalized subject of the claim's figures ("prisoners" in the text counts "hostage"), or its own words.
    const patterns = likePatterns(subjectTerms(f.subject));
    c.push(sql`(exists (select 1 from event_mentions m join events e on e.id = m.event_id
        where m.claim_id = c.id and lower(e.subject) like any(${patterns}::text[]))
      or exists (select 1 from jsonb_array_elements(c.quantities) q where lower(q->>'subject') like any(${patterns}::text[])))`);
  }
  if (f.story !== undefined) c.push(sql`a.story_id = ${f.story}`);
  if (f.article !== undefined) c.push(sql`c.article_id = ${f.article}`);
  return c;
}

/** Read-only queries over claims for the reading pages, the API and the exports. */
export class ClaimsView {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * A page of claims: best match first with a query, else newest article first (by publication
   * time, then id) and in text order within it. Without a query the page is read in that order
   * from `articles_published_order_idx` and each article's claims by its key, so a first page
   * reads a few articles, not every claim; the total is counted up to `COUNT_CAP`.
   */
  async list(f: ReadFilter, page: PageRequest): Promise<Paged<ClaimView>> {
    const order = f.q
      ? sql`ts_rank(${CLAIM_TSV('c')}, ${tsQuery(f.q)}) desc, c.id`
      : sql`a.published_at desc nulls last, a.id desc, c.ordinal`;
    // Joined on the id alone: adding `a.created_at = c.article_created_at` (always true) makes the
    // planner expect about one row from the join, and then sort every claim instead of walking the index.
    const from = sql`from claims c join articles a on a.id = c.article_id where ${allOf(claimConditions(f))}`;
    const r = await sql<Row>`select ${COLUMNS} ${from}
      order by ${order}
      limit ${page.limit} offset ${offsetOf(page)}`.execute(this.db);
    const total = await cappedTotal(this.db, sql`select 1 ${from}`, page, r.rows.length);
    return { items: r.rows.map(toView), ...total, ...page };
  }

  async count(f: ReadFilter): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from claims c join articles a on a.id = c.article_id
      where ${allOf(claimConditions(f))}`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }

  /** An article's claims in text order. */
  async forArticle(articleId: number): Promise<ClaimView[]> {
    const r = await sql<Row>`select ${COLUMNS} from claims c join articles a on a.id = c.article_id
      where c.article_id = ${articleId} order by c.ordinal`.execute(this.db);
    return r.rows.map(toView);
  }

  /** Every claim matching the filter, by id, read in batches: for exports of any size. */
  stream(f: ReadFilter, batch = 500): AsyncGenerator<ClaimView> {
    return inBatches(
      async (after: number | null, size) =>
        (
          await sql<Row>`select ${COLUMNS} from claims c join articles a on a.id = c.article_id
            where ${allOf([...claimConditions(f), ...(after === null ? [] : [sql`c.id > ${after}`])])}
            order by c.id limit ${size}`.execute(this.db)
        ).rows.map(toView),
      (r) => r.id,
      batch,
    );
  }
}
