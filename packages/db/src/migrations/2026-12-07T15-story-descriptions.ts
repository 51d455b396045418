// Frozen in time: this migration must never import application code or change once released.
// Story clustering keeps one bounded description per story (lead article, recent articles,
// capped centroid, headline vector) instead of a centroid plus every member's vector; the count
// of clustered articles comes from a sequence (no single row every transaction updates).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('story_descriptions')
    .addColumn('story_id', 'bigint', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
    .addColumn('description', 'jsonb', (c) => c.notNull())
    .execute();
  // Stories stored before: their centroid stands for their lead.
  await sql`insert into story_descriptions (story_id, description)
    select c.story_id, jsonb_build_object(
      'centroid', c.centroid,
      'lead', jsonb_build_object('v', c.centroid, 'time', (extract(epoch from s.first_seen_at) * 1000)::bigint),
      'recent', '[]'::jsonb,
      'headline', null)
    from story_centroids c join stories s on s.id = c.story_id`.execute(db);
  await sql`create sequence story_doc_seq`.execute(db);
  await sql`select setval('story_doc_seq', greatest(1, (select doc_count from story_stats where id = 1)), (select doc_count > 0 from story_stats where id = 1))`.execute(db);
  for (const t of ['story_members', 'story_centroids', 'story_stats']) await db.schema.dropTable(t).execute();
  // Posting lists are read newest story first, a bounded number per term.
  await db.schema.createIndex('story_terms_term_story_desc_idx').on('story_terms').columns(['term', 'story_id desc']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('story_terms_term_story_desc_idx').ifExists().execute();
  await db.schema.createTable('story_stats').addColumn('id', 'smallint', (c) => c.primaryKey()).addColumn('doc_count', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`insert into story_stats (id, doc_count) select 1, last_value from story_doc_seq`.execute(db);
  await db.schema
    .createTable('story_centroids')
    .addColumn('story_id', 'bigint', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
    .addColumn('centroid', 'jsonb', (c) => c.notNull())
    .execute();
  await sql`insert into story_centroids (story_id, centroid) select story_id, description->'centroid' from story_descriptions`.execute(db);
  await db.schema
    .createTable('story_members')
    .addColumn('article_id', 'bigint', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('story_id', 'bigint', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('vector', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_members_story_idx').on('story_members').column('story_id').execute();
  await sql`drop sequence story_doc_seq`.execute(db);
  await db.schema.dropTable('story_descriptions').execute();
}
