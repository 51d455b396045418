import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { STORY_COLUMNS, toView, type StoryRow, type StoryView } from './stories-view.js';
import { ArticlesView, articleConditions, type ArticleListItem } from './articles-view.js';
import { ClaimsView, type ClaimView } from './claims-view.js';
import { allOf, cappedTotal, offsetOf, type PageRequest, type Paged, type ReadFilter } from './read-filter.js';

/**
 * Stories, newest first (last seen, then id), that have an article matching the filter (full
 * text over title and text, outlet, time); a page of them with the total counted up to
 * `COUNT_CAP`. The page's stories are chosen first (walking `stories_listed_idx` in order) and
 * only their articles are read for the counts and outlets.
 */
export async function findStories(db: Kysely<Database>, f: ReadFilter, page: PageRequest): Promise<Paged<StoryView>> {
  const conds = articleConditions({ q: f.q, outlet: f.outlet, speaker: f.speaker, from: f.from, to: f.to });
  const matching = sql`select s.id, s.last_seen_at from stories s where s.merged_into is null
    and exists (select 1 from articles a where a.story_id = s.id and ${allOf(conds)})`;
  const r = await sql<StoryRow>`
    with page as (${matching} order by s.last_seen_at desc, s.id desc limit ${page.limit} offset ${offsetOf(page)})
    select ${STORY_COLUMNS}
    from page p
    join stories s on s.id = p.id
    join articles a on a.story_id = s.id
    group by s.id
    order by s.last_seen_at desc, s.id desc`.execute(db);
  const total = await cappedTotal(db, matching, page, r.rows.length);
  return { items: r.rows.map(toView), ...total, ...page };
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
