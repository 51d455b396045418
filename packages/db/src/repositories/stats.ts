import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface PipelineTotals {
  articles: number;
  duplicates: number;
  stories: number;
  claims: number;
  events: number;
  mentions: number;
  failed: number;
  notArticles: number;
}

/** Whole-database totals for summaries and `newsline status`. */
export async function pipelineTotals(db: Kysely<Database>): Promise<PipelineTotals> {
  const row = await sql<PipelineTotals>`
    select
      (select count(*)::int from articles) as articles,
      (select count(*)::int from articles where duplicate_of is not null) as duplicates,
      (select count(*)::int from stories where merged_into is null and article_count > 0) as stories,
      (select count(*)::int from claims) as claims,
      (select count(*)::int from events) as events,
      (select count(*)::int from event_mentions) as mentions,
      (select count(*)::int from articles where status = 'failed') as failed,
      (select count(*)::int from articles where status = 'not_article') as "notArticles"
  `.execute(db);
  const r = row.rows[0];
  if (!r) throw new Error('totals query returned no row');
  return r;
}

export interface ArticleSetTotals {
  /** Stored originals (not duplicates, not failed). */
  articles: number;
  duplicates: number;
  stories: number;
  claims: number;
  /** Distinct events the articles mention. */
  events: number;
}

/** Totals over some articles (a replay's): originals, duplicates, their stories, claims and events. */
export async function articleSetTotals(db: Kysely<Database>, ids: number[]): Promise<ArticleSetTotals> {
  if (ids.length === 0) return { articles: 0, duplicates: 0, stories: 0, claims: 0, events: 0 };
  const row = await sql<ArticleSetTotals>`
    select
      count(*) filter (where a.duplicate_of is null and a.status <> 'failed')::int as articles,
      count(*) filter (where a.duplicate_of is not null)::int as duplicates,
      count(distinct a.story_id)::int as stories,
      (select count(*)::int from claims c where c.article_id = any(${ids}::bigint[])) as claims,
      (select count(distinct m.event_id)::int from event_mentions m where m.article_id = any(${ids}::bigint[])) as events
    from articles a where a.id = any(${ids}::bigint[])
  `.execute(db);
  return row.rows[0] ?? { articles: 0, duplicates: 0, stories: 0, claims: 0, events: 0 };
}
