import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, EventKind } from '../schema.js';
import { leadTitle } from './stories-view.js';
import {
  CLAIM_TSV,
  allOf,
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

const QUALIFIER_WORDS: Record<string, string> = {
  exact: '',
  approx: 'about ',
  at_least: 'at least ',
  more_than: 'more than ',
  at_most: 'at most ',
  less_than: 'less than ',
  up_to: 'up to ',
};

/** A stored figure in words: "at least 240", "200–250", "about 136". */
export function formatFigure(e: { value: number | null; low: number | null; high: number | null; qualifier: string | null }): string {
  const n = (v: number | null) => (v === null ? '?' : v.toLocaleString('en-US'));
  if (e.qualifier === 'range' || (e.value === null && e.low !== null)) return `${n(e.low)}–${n(e.high)}`;
  return `${QUALIFIER_WORDS[e.qualifier ?? 'exact'] ?? `${e.qualifier} `}${n(e.value)}`;
}

/** What an event says, as every view reads it: who, about what, the figure and when. */
export interface EventFacts {
  actor: string | null;
  subject: string | null;
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: string | null;
  occurredOn: string | null;
}

/** A normalized event with how often and where it is mentioned. */
export interface EventView extends EventFacts {
  id: number;
  kind: EventKind;
  place: string | null;
  content: string | null;
  /** "at least 240" for a figure, null for a statement. */
  figure: string | null;
  mentions: number;
  articleIds: number[];
  /** The first mention's claim, to link to its sentence. */
  claimId: number;
  articleId: number;
}

/** One mention of a figure: what was stated, by whom, where. */
export interface FigureView extends EventFacts {
  eventId: number;
  claimId: number;
  articleId: number;
  storyId: number | null;
  figure: string;
  /** The figure's own words in the article, and the claim that states it. */
  wording: string | null;
  claimText: string;
  publisher: string | null;
  articleTitle: string;
  publishedAt: Date | null;
  url: string | null;
}

const EVENT_COLUMNS = sql`e.id, e.kind, e.actor, e.subject, e.place, e.value, e.low, e.high, e.qualifier,
  to_char(e.occurred_on, 'YYYY-MM-DD') as "occurredOn", e.content,
  (select count(*)::int from event_mentions m where m.event_id = e.id) as mentions,
  array(select distinct m.article_id::int as id from event_mentions m where m.event_id = e.id order by id) as "articleIds",
  (select m.claim_id from event_mentions m where m.event_id = e.id order by m.claim_id limit 1) as "claimId",
  (select m.article_id from event_mentions m where m.event_id = e.id order by m.claim_id limit 1) as "articleId"`;

type EventRowOut = Omit<EventView, 'figure'>;
const toEvent = (r: EventRowOut): EventView => ({ ...r, figure: r.kind === 'figure' ? formatFigure(r) : null });

/** Event conditions of a filter (`e`: events); article-side ones hold for at least one mention. */
export function eventConditions(f: ReadFilter & { kind?: EventKind | undefined }): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (f.kind) c.push(sql`e.kind = ${f.kind}`);
  if (f.from) c.push(sql`e.occurred_on >= ${f.from}::date`);
  if (f.to) c.push(sql`e.occurred_on <= ${f.to}::date`);
  if (f.speaker) c.push(sql`e.actor ilike ${containsPattern(f.speaker)}`);
  if (f.subject) c.push(sql`lower(e.subject) like any(${likePatterns(subjectTerms(f.subject))}::text[])`);
  const mention: RawBuilder<unknown>[] = [];
  if (f.q) mention.push(sql`${CLAIM_TSV('c')} @@ ${tsQuery(f.q)}`);
  if (f.outlet) mention.push(sql`a.publisher ilike ${containsPattern(f.outlet)}`);
  if (f.story !== undefined) mention.push(sql`a.story_id = ${f.story}`);
  if (f.article !== undefined) mention.push(sql`m.article_id = ${f.article}`);
  if (mention.length) {
    c.push(sql`exists (select 1 from event_mentions m join articles a on a.id = m.article_id join claims c on c.id = m.claim_id
      where m.event_id = e.id and ${allOf(mention)})`);
  }
  return c;
}

/** Figure-mention conditions (`e`, `m`, `a`, `c`). */
function figureConditions(f: ReadFilter): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [sql`e.kind = 'figure'`];
  if (f.from) c.push(sql`e.occurred_on >= ${f.from}::date`);
  if (f.to) c.push(sql`e.occurred_on <= ${f.to}::date`);
  if (f.speaker) c.push(sql`e.actor ilike ${containsPattern(f.speaker)}`);
  if (f.subject) c.push(sql`lower(e.subject) like any(${likePatterns(subjectTerms(f.subject))}::text[])`);
  if (f.q) c.push(sql`${CLAIM_TSV('c')} @@ ${tsQuery(f.q)}`);
  if (f.outlet) c.push(sql`a.publisher ilike ${containsPattern(f.outlet)}`);
  if (f.story !== undefined) c.push(sql`a.story_id = ${f.story}`);
  if (f.article !== undefined) c.push(sql`m.article_id = ${f.article}`);
  return c;
}

const FIGURE_COLUMNS = sql`e.id as "eventId", m.claim_id as "claimId", m.article_id as "articleId", a.story_id as "storyId",
  e.actor, e.subject, e.value, e.low, e.high, e.qualifier, to_char(e.occurred_on, 'YYYY-MM-DD') as "occurredOn",
  (select q->>'text' from jsonb_array_elements(c.quantities) q
    where (q->>'start')::int = m.start and (q->>'end')::int = m.end limit 1) as wording,
  c.content as "claimText", a.publisher, a.title as "articleTitle",
  case when coalesce(a.title, '') = '' then left(a.text, 400) end as lead,
  a.published_at as "publishedAt", coalesce(a.canonical_url, a.url, a.final_url) as url`;
const FIGURE_FROM = sql`event_mentions m join events e on e.id = m.event_id join articles a on a.id = m.article_id join claims c on c.id = m.claim_id`;

type FigureRow = Omit<FigureView, 'figure' | 'articleTitle'> & { articleTitle: string | null; lead: string | null };
const toFigure = ({ lead, articleTitle, ...r }: FigureRow): FigureView => ({
  ...r,
  figure: formatFigure(r),
  articleTitle: articleTitle || (lead ? leadTitle(lead) : `Article ${r.articleId}`),
});

/** Read-only queries over events and figures for the reading pages, the API and the exports. */
export class EventsView {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: number): Promise<EventView | null> {
    const r = await sql<EventRowOut>`select ${EVENT_COLUMNS} from events e where e.id = ${id}`.execute(this.db);
    return r.rows[0] ? toEvent(r.rows[0]) : null;
  }

  /** A page of events, by the day they happened. */
  async list(f: ReadFilter & { kind?: EventKind | undefined }, page: PageRequest): Promise<Paged<EventView>> {
    const r = await sql<EventRowOut & { total: number }>`
      select ${EVENT_COLUMNS}, count(*) over ()::int as total from events e
      where ${allOf(eventConditions(f))}
      order by e.occurred_on nulls last, e.kind, e.id
      limit ${page.limit} offset ${offsetOf(page)}`.execute(this.db);
    const total = r.rows[0]?.total ?? (await this.count(f));
    return { items: r.rows.map(({ total: _t, ...row }) => toEvent(row)), total, totalExact: true, ...page };
  }

  async count(f: ReadFilter & { kind?: EventKind | undefined }): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from events e where ${allOf(eventConditions(f))}`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }

  stream(f: ReadFilter & { kind?: EventKind | undefined }, batch = 500): AsyncGenerator<EventView> {
    return inBatches(
      async (after: number | null, size) =>
        (
          await sql<EventRowOut>`select ${EVENT_COLUMNS} from events e
            where ${allOf([...eventConditions(f), ...(after === null ? [] : [sql`e.id > ${after}`])])}
            order by e.id limit ${size}`.execute(this.db)
        ).rows.map(toEvent),
      (r) => r.id,
      batch,
    );
  }

  /** Every stated figure matching the filter (all of them, for a chart), over time. */
  async figures(f: ReadFilter, limit = 5000, offset = 0): Promise<FigureView[]> {
    const r = await sql<FigureRow>`select ${FIGURE_COLUMNS} from ${FIGURE_FROM}
      where ${allOf(figureConditions(f))}
      order by e.occurred_on nulls last, a.published_at, e.id, m.claim_id
      limit ${limit} offset ${offset}`.execute(this.db);
    return r.rows.map(toFigure);
  }

  async countFigures(f: ReadFilter): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${FIGURE_FROM} where ${allOf(figureConditions(f))}`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }

  /** What figures count, most stated first: the subjects a reader can chart. */
  async figureSubjects(limit = 100): Promise<{ subject: string; figures: number }[]> {
    const r = await sql<{ subject: string; figures: number }>`select e.subject, count(*)::int as figures
      from events e join event_mentions m on m.event_id = e.id
      where e.kind = 'figure' and e.subject is not null
      group by e.subject order by figures desc, e.subject limit ${limit}`.execute(this.db);
    return r.rows;
  }

  /** Every figure mention matching the filter, read in batches (exports). */
  streamFigures(f: ReadFilter, batch = 500): AsyncGenerator<FigureView> {
    return inBatches(
      async (after: [number, number] | null, size) =>
        (
          await sql<FigureRow>`select ${FIGURE_COLUMNS} from ${FIGURE_FROM}
            where ${allOf([...figureConditions(f), ...(after === null ? [] : [sql`(e.id, m.claim_id) > (${after[0]}, ${after[1]})`])])}
            order by e.id, m.claim_id limit ${size}`.execute(this.db)
        ).rows.map(toFigure),
      (r): [number, number] => [r.eventId, r.claimId],
      batch,
    );
  }
}
