import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface StoryView {
  id: number;
  title: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  articles: number;
  duplicates: number;
  outlets: string[];
}

/** Stories, newest first, with their article and duplicate counts and outlets. */
export async function listStories(db: Kysely<Database>, limit = 50): Promise<StoryView[]> {
  const r = await sql<StoryView>`
    select s.id, s.title, s.first_seen_at as "firstSeenAt", s.last_seen_at as "lastSeenAt",
           count(a.id) filter (where a.duplicate_of is null)::int as articles,
           count(a.id) filter (where a.duplicate_of is not null)::int as duplicates,
           coalesce(array_agg(distinct a.publisher) filter (where a.publisher is not null), '{}') as outlets
    from stories s
    join articles a on a.story_id = s.id
    where s.merged_into is null
    group by s.id
    order by s.last_seen_at desc, s.id desc
    limit ${limit}`.execute(db);
  return r.rows;
}
