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

/** A story's row with its article and duplicate counts and outlets (`a`: its articles). */
const STORY_COLUMNS = sql`s.id, s.title, s.first_seen_at as "firstSeenAt", s.last_seen_at as "lastSeenAt",
  count(a.id) filter (where a.duplicate_of is null)::int as articles,
  count(a.id) filter (where a.duplicate_of is not null)::int as duplicates,
  coalesce(array_agg(distinct a.publisher) filter (where a.publisher is not null), '{}') as outlets`;

/** Stories, newest first, with their article and duplicate counts and outlets. */
export async function listStories(db: Kysely<Database>, limit = 50): Promise<StoryView[]> {
  const r = await sql<StoryView>`
    select ${STORY_COLUMNS}
    from stories s
    join articles a on a.story_id = s.id
    where s.merged_into is null
    group by s.id
    order by s.last_seen_at desc, s.id desc
    limit ${limit}`.execute(db);
  return r.rows;
}

export interface StoryArticleView {
  id: number;
  title: string | null;
  url: string | null;
  publisher: string | null;
  publishedAt: Date | null;
  duplicateOf: number | null;
  status: string;
}

/** One story (followed through merges) and its articles, originals first, each by publication time. */
export async function getStory(db: Kysely<Database>, id: number): Promise<{ story: StoryView; articles: StoryArticleView[] } | null> {
  let storyId = id;
  for (let hops = 0; hops < 100; hops++) {
    const row = await db.selectFrom('stories').select(['id', 'merged_into']).where('id', '=', storyId).executeTakeFirst();
    if (!row) return null;
    if (row.merged_into === null) break;
    storyId = row.merged_into;
  }
  const r = await sql<StoryView>`
    select ${STORY_COLUMNS}
    from stories s
    left join articles a on a.story_id = s.id
    where s.id = ${storyId}
    group by s.id`.execute(db);
  const story = r.rows[0];
  if (!story) return null;
  const articles = await db
    .selectFrom('articles')
    .select(['id', 'title', sql<string | null>`coalesce(canonical_url, url)`.as('url'), 'publisher', 'published_at as publishedAt', 'duplicate_of as duplicateOf', 'status'])
    .where('story_id', '=', storyId)
    .orderBy(sql`duplicate_of is not null`)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
  return { story, articles };
}
