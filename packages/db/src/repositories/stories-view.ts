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

/**
 * A story's row with its article and duplicate counts and outlets (`a`: its articles); a story
 * none of whose articles has a title (plain-text files) gets its earliest article's lead as `lead`.
 */
export const STORY_COLUMNS = sql`s.id, s.title, s.first_seen_at as "firstSeenAt", s.last_seen_at as "lastSeenAt",
  case when s.title is null then (select left(l.text, 400) from articles l
    where l.story_id = s.id and l.duplicate_of is null and l.text <> '' order by l.published_at nulls last, l.id limit 1) end as lead,
  count(a.id) filter (where a.duplicate_of is null)::int as articles,
  count(a.id) filter (where a.duplicate_of is not null)::int as duplicates,
  coalesce(array_agg(distinct a.publisher) filter (where a.publisher is not null), '{}') as outlets`;

export type StoryRow = StoryView & { lead: string | null };

/** The first sentence of a text, cut at a word near 120 characters: a title for an untitled story. */
export function leadTitle(text: string): string {
  const line = text.trim().split(/\n/)[0]?.trim() ?? '';
  const sentence = line.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? line;
  if (sentence.length <= 120) return sentence;
  const cut = sentence.slice(0, 120);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).replace(/[\s,;:]+$/, '')}…`;
}

export function toView({ lead, ...r }: StoryRow): StoryView {
  return { ...r, title: r.title ?? (lead ? leadTitle(lead) : null) };
}

/** Stories, newest first, with their article and duplicate counts and outlets. */
export async function listStories(db: Kysely<Database>, limit = 50): Promise<StoryView[]> {
  const r = await sql<StoryRow>`
    select ${STORY_COLUMNS}
    from stories s
    join articles a on a.story_id = s.id
    where s.merged_into is null
    group by s.id
    order by s.last_seen_at desc, s.id desc
    limit ${limit}`.execute(db);
  return r.rows.map(toView);
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

/** One story, followed through merges, with its counts and outlets (without its articles). */
export async function getStoryView(db: Kysely<Database>, id: number): Promise<StoryView | null> {
  let storyId = id;
  for (let hops = 0; hops < 100; hops++) {
    const row = await db.selectFrom('stories').select(['id', 'merged_into']).where('id', '=', storyId).executeTakeFirst();
    if (!row) return null;
    if (row.merged_into === null) break;
    storyId = row.merged_into;
  }
  const r = await sql<StoryRow>`
    select ${STORY_COLUMNS}
    from stories s
    left join articles a on a.story_id = s.id
    where s.id = ${storyId}
    group by s.id`.execute(db);
  const row = r.rows[0];
  return row ? toView(row) : null;
}

/** One story (followed through merges) and its articles, originals first, each by publication time. */
export async function getStory(db: Kysely<Database>, id: number): Promise<{ story: StoryView; articles: StoryArticleView[] } | null> {
  const story = await getStoryView(db, id);
  if (!story) return null;
  const articles = await db
    .selectFrom('articles')
    .select(['id', 'title', sql<string | null>`coalesce(canonical_url, url)`.as('url'), 'publisher', 'published_at as publishedAt', 'duplicate_of as duplicateOf', 'status'])
    .where('story_id', '=', story.id)
    .orderBy(sql`duplicate_of is not null`)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
  return { story, articles };
}
