// Frozen in time: this migration must never import application code or change once released.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feeds')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('site_url', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('interval_seconds', 'integer', (c) => c.notNull().defaultTo(900))
    .addColumn('next_poll_at', 'timestamptz')
    .addColumn('last_polled_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('stories')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('title', 'text')
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('article_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_into', 'bigint', (c) => c.references('stories.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // Identity of the input: the canonical URL, a feed entry id, or "file:<name>" for a replayed file.
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('feed_id', 'bigint', (c) => c.references('feeds.id').onDelete('set null'))
    .addColumn('feed_entry_id', 'text')
    .addColumn('publisher', 'text')
    .addColumn('title', 'text')
    .addColumn('byline', 'text')
    .addColumn('language', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('modified_at', 'timestamptz')
    .addColumn('raw_html', 'bytea') // gzip
    .addColumn('text', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('fingerprint', 'text') // hex near-duplicate fingerprint
    .addColumn('duplicate_of', 'bigint', (c) => c.references('articles.id'))
    .addColumn('story_id', 'bigint', (c) => c.references('stories.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('articles_canonical_url_idx').on('articles').column('canonical_url').execute();
  await db.schema.createIndex('articles_story_idx').on('articles').column('story_id').execute();
  await db.schema.createIndex('articles_content_hash_idx').on('articles').column('content_hash').execute();

  // One row per distinct normalised text: the constraint that decides, under any concurrency,
  // which article is the original and which are exact duplicates.
  await db.schema
    .createTable('content_hashes')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'bigint', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('entities')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('canonical_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('aliases', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addUniqueConstraint('entities_name_kind_key', ['canonical_name', 'kind'])
    .execute();

  await db.schema
    .createTable('claims')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('article_id', 'bigint', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('speaker', 'text')
    .addColumn('speaker_entity_id', 'bigint', (c) => c.references('entities.id'))
    .addColumn('speaker_start', 'integer')
    .addColumn('speaker_end', 'integer')
    .addColumn('cue', 'text')
    .addColumn('cue_start', 'integer')
    .addColumn('cue_end', 'integer')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('start', 'integer', (c) => c.notNull())
    .addColumn('end', 'integer', (c) => c.notNull())
    .addColumn('claimed_at', 'date')
    .addColumn('quantities', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addUniqueConstraint('claims_article_ordinal_key', ['article_id', 'ordinal'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // A normalised signature of what the event asserts; the unique key that merges mentions.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'statement' | 'figure'
    .addColumn('actor', 'text')
    .addColumn('actor_entity_id', 'bigint', (c) => c.references('entities.id'))
    .addColumn('subject', 'text')
    .addColumn('place', 'text')
    .addColumn('value', 'double precision')
    .addColumn('low', 'double precision')
    .addColumn('high', 'double precision')
    .addColumn('qualifier', 'text')
    .addColumn('occurred_on', 'date')
    .addColumn('content', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('events_subject_idx').on('events').column('subject').execute();

  await db.schema
    .createTable('event_mentions')
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('claim_id', 'bigint', (c) => c.notNull().references('claims.id').onDelete('cascade'))
    .addColumn('article_id', 'bigint', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('start', 'integer', (c) => c.notNull())
    .addColumn('end', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_mentions_pkey', ['event_id', 'claim_id'])
    .execute();
  await db.schema.createIndex('event_mentions_article_idx').on('event_mentions').column('article_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['event_mentions', 'events', 'claims', 'entities', 'content_hashes', 'articles', 'stories', 'feeds']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
