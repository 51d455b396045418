// Frozen in time: this migration must never import application code or change once released.
// Near-duplicate index (MinHash LSH band keys) and the state of incremental story clustering.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per (band key, original article): a btree probe per band finds the candidates.
  await db.schema
    .createTable('near_dup_bands')
    .addColumn('band_key', 'bigint', (c) => c.notNull())
    .addColumn('article_id', 'bigint', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('near_dup_bands_pkey', ['band_key', 'article_id'])
    .execute();
  await db.schema.createIndex('near_dup_bands_article_idx').on('near_dup_bands').column('article_id').execute();

  // Document frequencies of clustering terms over the articles clustered so far.
  await db.schema
    .createTable('story_term_df')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('df', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('story_stats')
    .addColumn('id', 'smallint', (c) => c.primaryKey())
    .addColumn('doc_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into story_stats (id, doc_count) values (1, 0)`.execute(db);

  // A story's centroid (term -> summed weight), kept beside the stories row.
  await db.schema
    .createTable('story_centroids')
    .addColumn('story_id', 'bigint', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
    .addColumn('centroid', 'jsonb', (c) => c.notNull())
    .execute();

  // Each clustered (non-duplicate) article's term vector and its story.
  await db.schema
    .createTable('story_members')
    .addColumn('article_id', 'bigint', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('story_id', 'bigint', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('vector', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_members_story_idx').on('story_members').column('story_id').execute();

  // Posting lists: a story under each key term of its articles (candidate retrieval).
  await db.schema
    .createTable('story_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('story_id', 'bigint', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('story_terms_pkey', ['term', 'story_id'])
    .execute();
  await db.schema.createIndex('story_terms_story_idx').on('story_terms').column('story_id').execute();
  await db.schema.createIndex('stories_last_seen_idx').on('stories').column('last_seen_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('stories_last_seen_idx').ifExists().execute();
  for (const t of ['story_terms', 'story_members', 'story_centroids', 'story_stats', 'story_term_df', 'near_dup_bands']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
