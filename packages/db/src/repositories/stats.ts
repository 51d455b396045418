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
