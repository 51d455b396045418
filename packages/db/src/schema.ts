import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamp column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column, read as 'YYYY-MM-DD'. */
type DateOnly = ColumnType<string, string, string>;
type Id = Generated<number>;

/** discovered (in a feed, page not fetched yet) -> received (raw page stored) -> extracted -> deduped -> claimed. */
export type ArticleStatus = 'discovered' | 'received' | 'extracted' | 'deduped' | 'duplicate' | 'claimed' | 'not_article' | 'failed';

export interface FeedsTable {
  id: Id;
  url: string;
  title: string | null;
  site_url: string | null;
  etag: string | null;
  last_modified: string | null;
  interval_seconds: Generated<number>;
  next_poll_at: Timestamp | null;
  last_polled_at: Timestamp | null;
  last_success_at: Timestamp | null;
  failure_count: Generated<number>;
  last_error: string | null;
  last_status: number | null;
  last_new_entries: number | null;
  schedule_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface StoriesTable {
  id: Id;
  title: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  article_count: Generated<number>;
  merged_into: number | null;
  created_at: CreatedAt;
}

export interface ArticlesTable {
  id: Id;
  source_key: string;
  url: string | null;
  canonical_url: string | null;
  feed_id: number | null;
  feed_entry_id: string | null;
  publisher: string | null;
  title: string | null;
  byline: string | null;
  language: string | null;
  published_at: Timestamp | null;
  modified_at: Timestamp | null;
  raw_html: Buffer | null;
  text: string | null;
  content_hash: string | null;
  fingerprint: string | null;
  duplicate_of: number | null;
  story_id: number | null;
  status: ColumnType<ArticleStatus, ArticleStatus | undefined, ArticleStatus>;
  last_error: string | null;
  /** The stage an article with status 'failed' failed in (fetch, extract, dedupe, claims); meaningless otherwise. */
  failed_stage: string | null;
  final_url: string | null;
  fetch_status: number | null;
  fetch_headers: ColumnType<Record<string, string> | null, string | null, string | null>;
  fetched_at: Timestamp | null;
  /** Why the claims stage gave no claims: "not analysed (language ar)"; null when it analysed the text. */
  claims_note: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/**
 * Every article's id and source_key, unpartitioned: where their uniqueness is enforced (articles is
 * partitioned by month, and a partitioned table's unique keys must contain the month). Written by a
 * trigger on articles; the tables that point at an article by id alone reference it.
 */
export interface ArticleKeysTable {
  id: number;
  source_key: string;
  created_at: Timestamp;
}

export interface ContentHashesTable {
  hash: string;
  article_id: number;
}

export interface EntitiesTable {
  id: Id;
  canonical_name: string;
  kind: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
}

/** A quantity as stored in claims.quantities (see @newsline/claims). */
export interface StoredQuantity {
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: string;
  subject: string | null;
  text: string;
  start: number;
  end: number;
}

export interface ClaimsTable {
  id: Id;
  article_id: number;
  ordinal: number;
  speaker: string | null;
  speaker_entity_id: number | null;
  speaker_start: number | null;
  speaker_end: number | null;
  cue: string | null;
  cue_start: number | null;
  cue_end: number | null;
  content: string;
  start: number;
  end: number;
  claimed_at: DateOnly | null;
  quantities: ColumnType<StoredQuantity[], string, string>;
  /** The article's created_at: claims live in their article's month partition. */
  article_created_at: Timestamp;
}

export type EventKind = 'statement' | 'figure';

export interface EventsTable {
  id: Id;
  key: string;
  kind: EventKind;
  actor: string | null;
  actor_entity_id: number | null;
  subject: string | null;
  place: string | null;
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: string | null;
  occurred_on: DateOnly | null;
  content: string | null;
  created_at: CreatedAt;
}

export interface EventMentionsTable {
  event_id: number;
  claim_id: number;
  article_id: number;
  /** The article's created_at: mentions live in their article's month partition. */
  article_created_at: Timestamp;
  start: number;
  end: number;
}

/** A MinHash LSH band key of an original article (near-duplicate index). */
export interface NearDupBandsTable {
  band_key: string;
  article_id: number;
}

/** Story clustering: document frequency of a term over the clustered articles. */
export interface StoryTermDfTable {
  term: string;
  df: number;
}

/**
 * Story clustering: a story's bounded description (as @newsline/dedupe's StoryState stores it:
 * lead and recent articles' vectors, capped centroid, headline vector), one JSON document.
 */
export interface StoryDescriptionsTable {
  story_id: number;
  description: ColumnType<unknown, string, string>;
}

/** Story clustering: a story listed under a key term of one of its articles. */
export interface StoryTermsTable {
  term: string;
  story_id: number;
}

/** The one description of the database, used by every query. */
export interface Database {
  feeds: FeedsTable;
  stories: StoriesTable;
  articles: ArticlesTable;
  article_keys: ArticleKeysTable;
  content_hashes: ContentHashesTable;
  entities: EntitiesTable;
  claims: ClaimsTable;
  events: EventsTable;
  event_mentions: EventMentionsTable;
  near_dup_bands: NearDupBandsTable;
  story_term_df: StoryTermDfTable;
  story_descriptions: StoryDescriptionsTable;
  story_terms: StoryTermsTable;
}

export type Feed = Selectable<FeedsTable>;
export type NewFeed = Insertable<FeedsTable>;
export type FeedUpdate = Updateable<FeedsTable>;
export type Story = Selectable<StoriesTable>;
export type Article = Selectable<ArticlesTable>;
export type NewArticle = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type Entity = Selectable<EntitiesTable>;
export type Claim = Selectable<ClaimsTable>;
export type NewClaim = Insertable<ClaimsTable>;
export type Event = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventMention = Selectable<EventMentionsTable>;
