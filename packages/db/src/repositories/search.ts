import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { STORY_COLUMNS, toView, type StoryRow, type StoryView } from './stories-view.js';
import { ArticlesView, articleConditions, type ArticleListItem } from './articles-view.js';
import { ClaimsView, type ClaimView } from './claims-view.js';
import { allOf, offsetOf, type PageRequest, type Paged, type ReadFilter } from './read-filter.js';

/**
 * Stories, newest first, that have an article matching the filter (full text over title and
 * text, outlet, time); a page of them with the total.
 */
export async function findStories(db: Kysely<Database>, f: ReadFilter, page: PageRequest): Promise<Paged<StoryView>> {
  const articleFilter = { q: f.q, outlet: f.outlet, speaker: f.speaker, from: f.from, to: f.to };
  const conds = articleConditions(articleFilter);
  const r = await sql<StoryRow & { total: number }>`
    select ${STORY_COLUMNS}, count(*) over ()::int as total
    from stories s
    join articles a on a.story_id = s.id
    where s.merged_into is null
      ${conds.length ? sql`and exists (select 1 from articles a where a.story_id = s.id and ${allOf(conds)})` : sql``}
    group by s.id
    order by s.last_seen_at desc, s.id desc
    limit ${page.limit} offset ${offsetOf(page)}`.execute(db);
  let total = r.rows[0]?.total;
  if (total === undefined) {
    const c = await sql<{ n: number }>`select count(*)::int as n from stories s where s.merged_into is null
      and exists (select 1 from articles a where a.story_id = s.id and ${allOf(conds)})`.execute(db);
    total = c.rows[0]?.n ?? 0;
  }
  return { items: r.rows.map(({ total: _t, ...row }) => toView(row)), total, ...page };
}

export interface SearchResults {
  articles: Paged<ArticleListItem & { snippet: string | null }>;
  claims: Paged<ClaimView>;
}

/** Full-text search over articles and claims with the same filter and page. */
export async function search(db: Kysely<Database>, f: ReadFilter, page: PageRequest): Promise<SearchResults> {
  const [articles, claims] = await Promise.all([new ArticlesView(db).list(f, page), new ClaimsView(db).list(f, page)]);
  return { articles, claims };
}
