import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import { leadTitle } from './stories-view.js';
import { ARTICLE_TSV, allOf, cappedTotal, containsPattern, offsetOf, tsQuery, type PageRequest, type Paged, type ReadFilter } from './read-filter.js';

export interface ArticleListItem {
  id: number;
  /** The headline, or for an untitled article (a plain-text file) its first sentence. */
  title: string;
  /** True when `title` is the article's own headline. */
  titled: boolean;
  /** The original's address (canonical when known). */
  url: string | null;
  publisher: string | null;
  publishedAt: Date | null;
  storyId: number | null;
  duplicateOf: number | null;
  status: string;
  claims: number;
}

export interface ArticleView extends ArticleListItem {
  text: string;
  byline: string | null;
  language: string | null;
  modifiedAt: Date | null;
  fetchedAt: Date | null;
  storedAt: Date;
  sourceKey: string;
  lastError: string | null;
}

type Row = Omit<ArticleListItem, 'title' | 'titled'> & { title: string | null; lead: string | null };

const COLUMNS = sql`a.id, a.title, case when coalesce(a.title, '') = '' then left(a.text, 400) end as lead,
  coalesce(a.canonical_url, a.url, a.final_url) as url, a.publisher, a.published_at as "publishedAt",
  a.story_id as "storyId", a.duplicate_of as "duplicateOf", a.status,
  (select count(*)::int from claims c where c.article_id = a.id) as claims`;

function titled<T extends Row>({ lead, title, ...r }: T): Omit<T, 'lead' | 'title'> & { title: string; titled: boolean } {
  if (title) return { ...r, title, titled: true };
  return { ...r, title: lead ? leadTitle(lead) : `Article ${r.id}`, titled: false };
}

/** Article conditions of a reader's filter (`a`: articles). */
export function articleConditions(f: ReadFilter): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (f.q) c.push(sql`${ARTICLE_TSV('a')} @@ ${tsQuery(f.q)}`);
  if (f.from) c.push(sql`a.published_at >= ${f.from}::date`);
  if (f.to) c.push(sql`a.published_at < ${f.to}::date + 1`);
  if (f.outlet) c.push(sql`a.publisher ilike ${containsPattern(f.outlet)}`);
  if (f.story !== undefined) c.push(sql`a.story_id = ${f.story}`);
  if (f.article !== undefined) c.push(sql`a.id = ${f.article}`);
  if (f.speaker) c.push(sql`exists (select 1 from claims c where c.article_id = a.id and c.speaker ilike ${containsPattern(f.speaker)})`);
  return c;
}

/** Read-only views of articles for the reading pages and the API. */
export class ArticlesView {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: number): Promise<ArticleView | null> {
    const r = await sql<Row & Omit<ArticleView, keyof ArticleListItem>>`
      select ${COLUMNS}, coalesce(a.text, '') as text, a.byline, a.language, a.modified_at as "modifiedAt",
        a.fetched_at as "fetchedAt", a.created_at as "storedAt", a.source_key as "sourceKey", a.last_error as "lastError"
      from articles a where a.id = ${id}`.execute(this.db);
    const row = r.rows[0];
    return row ? (titled(row) as ArticleView) : null;
  }

  /** The titles of these articles (headline or first sentence), by id: one query. */
  async titles(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const r = await sql<Row>`select ${COLUMNS} from articles a where a.id = any(${ids}::bigint[])`.execute(this.db);
    return new Map(r.rows.map((row) => [row.id, titled(row).title]));
  }

  /** A story's articles, originals first, each by publication time. */
  async forStory(storyId: number): Promise<ArticleListItem[]> {
    const r = await sql<Row>`
      select ${COLUMNS} from articles a where a.story_id = ${storyId}
      order by a.duplicate_of is not null, a.published_at nulls last, a.id`.execute(this.db);
    return r.rows.map(titled);
  }

  /** Articles matching a filter, best match first when there is a query, else newest first; with a highlighted snippet. */
  async list(f: ReadFilter, page: PageRequest): Promise<Paged<ArticleListItem & { snippet: string | null }>> {
    const order = f.q ? sql`ts_rank(${ARTICLE_TSV('a')}, ${tsQuery(f.q)}) desc, a.id desc` : sql`a.published_at desc nulls last, a.id desc`;
    // \u0001 and \u0002 mark the matches; the page escapes the text and turns them into <mark>.
    const snippet = f.q
      ? sql`ts_headline('english'::regconfig, coalesce(a.text, ''), ${tsQuery(f.q)}, 'StartSel=\u0001,StopSel=\u0002,MaxWords=35,MinWords=15,MaxFragments=2')`
      : sql`null`;
    const from = sql`from articles a where a.status not in ('discovered', 'received') and ${allOf(articleConditions(f))}`;
    const r = await sql<Row & { snippet: string | null }>`
      select ${COLUMNS}, ${snippet} as snippet ${from}
      order by ${order}
      limit ${page.limit} offset ${offsetOf(page)}`.execute(this.db);
    const total = await cappedTotal(this.db, sql`select 1 ${from}`, page, r.rows.length);
    return { items: r.rows.map(titled), ...total, ...page };
  }

  /** The count alone, for a page past the last. */
  private async count(f: ReadFilter): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from articles a
      where a.status not in ('discovered', 'received') and ${allOf(articleConditions(f))}`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }
}
