// Frozen in time: this migration must never import application code or change once released.
//
// Articles, claims and event mentions partitioned by month of the article's ingest time
// (articles.created_at; claims and mentions carry it as article_created_at), converting the rows
// already stored. A unique constraint of a partitioned table must contain the partition key, so:
// - global identity lives in `article_keys`, a narrow unpartitioned table (id, source_key,
//   created_at): source_key is unique there, and the tables that point at an article by id alone
//   (content_hashes, near_dup_bands, articles.duplicate_of) reference it. A BEFORE INSERT trigger
//   on articles writes the key; when the source_key is taken it skips the row, as the former
//   ON CONFLICT (source_key) DO NOTHING did.
// - claims and mentions carry their article's month, so their keys are still global:
//   (article_id, ordinal, article_created_at) is unique because an article has one created_at,
//   and they reference articles and claims by (id, created_at). An article's claims and mentions
//   live in the same month as the article: a month can be detached or archived as a whole.
// A default partition catches rows of months with no partition yet; the months ahead are created
// by the workers' sweeper (packages/db/src/partitions.ts), since a month cannot be added while the
// default partition holds rows of it.
import { sql, type Kysely } from 'kysely';

const PARTITIONED = ['articles', 'claims', 'event_mentions'] as const;

function monthName(table: string, start: Date): string {
  return `${table}_${start.getUTCFullYear()}_${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Every month from the first stored article's to two months after now (UTC). */
async function monthsToCreate(db: Kysely<any>): Promise<Date[]> {
  const r = await sql<{ first: Date | null }>`select min(created_at) as first from articles_unpartitioned`.execute(db);
  const now = new Date();
  const first = r.rows[0]?.first ?? now;
  const months: Date[] = [];
  let m = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
  while (m <= last) {
    months.push(m);
    m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1));
  }
  return months;
}

export async function up(db: Kysely<any>): Promise<void> {
  // 2026-12-07T21-failed-stage may have run before this one (databases made before it was written) or not yet.
  const unfinishedIndex = (await sql`select 1 from pg_indexes where indexname = 'articles_unfinished_idx'`.execute(db)).rows.length > 0;
  // Foreign keys that point at the tables being replaced.
  await sql`alter table content_hashes drop constraint content_hashes_article_id_fkey`.execute(db);
  await sql`alter table near_dup_bands drop constraint near_dup_bands_article_id_fkey`.execute(db);
  for (const t of PARTITIONED) await sql`alter table ${sql.table(t)} rename to ${sql.table(`${t}_unpartitioned`)}`.execute(db);

  // Ids keep coming from sequences of their own (an identity column cannot be on a partitioned table before Postgres 17).
  await sql`create sequence article_id_seq as bigint`.execute(db);
  await sql`select setval('article_id_seq', coalesce((select max(id) from articles_unpartitioned), 0) + 1, false)`.execute(db);
  await sql`create sequence claim_id_seq as bigint`.execute(db);
  await sql`select setval('claim_id_seq', coalesce((select max(id) from claims_unpartitioned), 0) + 1, false)`.execute(db);

  // created_at in whole milliseconds: it is a key now (claims and mentions carry it), and it must
  // come back unchanged from a JavaScript Date, which has no microseconds.
  await sql`update articles_unpartitioned set created_at = date_trunc('milliseconds', created_at) where created_at <> date_trunc('milliseconds', created_at)`.execute(db);
  await sql`create table article_keys (
    id bigint primary key,
    source_key text not null unique,
    created_at timestamptz not null)`.execute(db);
  await sql`insert into article_keys (id, source_key, created_at) select id, source_key, created_at from articles_unpartitioned`.execute(db);

  await sql`create table articles (like articles_unpartitioned including defaults) partition by range (created_at)`.execute(db);
  await sql`alter table articles alter column id set default nextval('article_id_seq')`.execute(db);
  await sql`alter table articles alter column created_at set default date_trunc('milliseconds', now())`.execute(db);
  await sql`alter sequence article_id_seq owned by article_keys.id`.execute(db);
  await sql`create table claims (like claims_unpartitioned including defaults, article_created_at timestamptz not null) partition by range (article_created_at)`.execute(db);
  await sql`alter table claims alter column id set default nextval('claim_id_seq')`.execute(db);
  await sql`create table event_mentions (like event_mentions_unpartitioned including defaults, article_created_at timestamptz not null) partition by range (article_created_at)`.execute(db);

  for (const t of PARTITIONED) {
    await sql`create table ${sql.table(`${t}_default`)} partition of ${sql.table(t)} default`.execute(db);
    for (const start of await monthsToCreate(db)) {
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      await sql`create table ${sql.table(monthName(t, start))} partition of ${sql.table(t)}
        for values from (${sql.lit(start.toISOString())}) to (${sql.lit(end.toISOString())})`.execute(db);
    }
  }

  await sql`insert into articles select * from articles_unpartitioned`.execute(db);
  await sql`insert into claims select c.*, a.created_at from claims_unpartitioned c join article_keys a on a.id = c.article_id`.execute(db);
  await sql`insert into event_mentions select m.*, a.created_at from event_mentions_unpartitioned m join article_keys a on a.id = m.article_id`.execute(db);
  for (const t of [...PARTITIONED].reverse()) await sql`drop table ${sql.table(`${t}_unpartitioned`)}`.execute(db);

  // The key table: written for every article, before it (skips the article when its source_key is taken).
  await sql`create function articles_take_source_key() returns trigger language plpgsql as $$
    begin
      insert into article_keys (id, source_key, created_at) values (new.id, new.source_key, new.created_at)
        on conflict (source_key) do nothing;
      if not found then
        return null;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger articles_take_source_key before insert on articles for each row execute function articles_take_source_key()`.execute(db);

  // Keys and references.
  await sql`alter table articles add constraint articles_pkey primary key (id, created_at)`.execute(db);
  await sql`alter table articles add constraint articles_id_fkey foreign key (id) references article_keys (id) on delete cascade`.execute(db);
  await sql`alter table articles add constraint articles_duplicate_of_fkey foreign key (duplicate_of) references article_keys (id)`.execute(db);
  await sql`alter table articles add constraint articles_feed_id_fkey foreign key (feed_id) references feeds (id) on delete set null`.execute(db);
  await sql`alter table articles add constraint articles_story_id_fkey foreign key (story_id) references stories (id)`.execute(db);
  await sql`alter table content_hashes add constraint content_hashes_article_id_fkey foreign key (article_id) references article_keys (id) on delete cascade`.execute(db);
  await sql`alter table near_dup_bands add constraint near_dup_bands_article_id_fkey foreign key (article_id) references article_keys (id) on delete cascade`.execute(db);

  await sql`alter table claims add constraint claims_pkey primary key (id, article_created_at)`.execute(db);
  await sql`alter table claims add constraint claims_article_ordinal_key unique (article_id, ordinal, article_created_at)`.execute(db);
  await sql`alter table claims add constraint claims_article_fkey foreign key (article_id, article_created_at) references articles (id, created_at) on delete cascade`.execute(db);
  await sql`alter table claims add constraint claims_speaker_entity_id_fkey foreign key (speaker_entity_id) references entities (id)`.execute(db);

  await sql`alter table event_mentions add constraint event_mentions_pkey primary key (event_id, claim_id, article_created_at)`.execute(db);
  await sql`alter table event_mentions add constraint event_mentions_event_id_fkey foreign key (event_id) references events (id) on delete cascade`.execute(db);
  await sql`alter table event_mentions add constraint event_mentions_claim_fkey foreign key (claim_id, article_created_at) references claims (id, article_created_at) on delete cascade`.execute(db);
  await sql`alter table event_mentions add constraint event_mentions_article_fkey foreign key (article_id, article_created_at) references articles (id, created_at) on delete cascade`.execute(db);

  // The indexes the tables had (the same names), plus source_key: insertIfNew finds an existing article by it.
  await sql`create index articles_source_key_idx on articles (source_key)`.execute(db);
  await sql`create index articles_canonical_url_idx on articles (canonical_url)`.execute(db);
  await sql`create index articles_story_idx on articles (story_id)`.execute(db);
  await sql`create index articles_content_hash_idx on articles (content_hash)`.execute(db);
  await sql`create index articles_feed_idx on articles (feed_id)`.execute(db);
  await sql`create index articles_published_idx on articles (published_at)`.execute(db);
  if (unfinishedIndex) {
    await sql`create index articles_unfinished_idx on articles (updated_at) where status in ('discovered', 'received', 'extracted', 'deduped')`.execute(db);
  }
  await sql`create index articles_fts_idx on articles using gin ((
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'B')))`.execute(db);
  await sql`create index claims_fts_idx on claims using gin ((
    to_tsvector('english'::regconfig, coalesce(speaker, '') || ' ' || content)))`.execute(db);
  await sql`create index event_mentions_article_idx on event_mentions (article_id)`.execute(db);
  await sql`create index event_mentions_claim_idx on event_mentions (claim_id)`.execute(db);
  await sql`analyze article_keys`.execute(db);
  for (const t of PARTITIONED) await sql`analyze ${sql.table(t)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table content_hashes drop constraint content_hashes_article_id_fkey`.execute(db);
  await sql`alter table near_dup_bands drop constraint near_dup_bands_article_id_fkey`.execute(db);
  for (const t of PARTITIONED) await sql`alter table ${sql.table(t)} rename to ${sql.table(`${t}_partitioned`)}`.execute(db);
  await sql`create table articles (like articles_partitioned including defaults)`.execute(db);
  await sql`create table claims (like claims_partitioned including defaults)`.execute(db);
  await sql`alter table claims drop column article_created_at`.execute(db);
  await sql`create table event_mentions (like event_mentions_partitioned including defaults)`.execute(db);
  await sql`alter table event_mentions drop column article_created_at`.execute(db);
  await sql`insert into articles select * from articles_partitioned`.execute(db);
  await sql`insert into claims select id, article_id, ordinal, speaker, speaker_entity_id, speaker_start, speaker_end, cue, cue_start, cue_end, content, start, "end", claimed_at, quantities from claims_partitioned`.execute(db);
  await sql`insert into event_mentions select event_id, claim_id, article_id, start, "end" from event_mentions_partitioned`.execute(db);
  for (const t of [...PARTITIONED].reverse()) await sql`drop table ${sql.table(`${t}_partitioned`)}`.execute(db);
  await sql`drop function articles_take_source_key()`.execute(db);
  for (const t of ['articles', 'claims'] as const) await sql`alter table ${sql.table(t)} alter column id drop default`.execute(db);
  await sql`drop table article_keys`.execute(db);
  await sql`drop sequence if exists article_id_seq`.execute(db);
  await sql`drop sequence claim_id_seq`.execute(db);
  for (const t of ['articles', 'claims'] as const) {
    await sql`alter table ${sql.table(t)} alter column id add generated by default as identity`.execute(db);
    await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(db);
  }
  await sql`alter table articles add primary key (id)`.execute(db);
  await sql`alter table articles add constraint articles_source_key_key unique (source_key)`.execute(db);
  await sql`alter table articles add constraint articles_duplicate_of_fkey foreign key (duplicate_of) references articles (id)`.execute(db);
  await sql`alter table articles add constraint articles_feed_id_fkey foreign key (feed_id) references feeds (id) on delete set null`.execute(db);
  await sql`alter table articles add constraint articles_story_id_fkey foreign key (story_id) references stories (id)`.execute(db);
  await sql`alter table content_hashes add constraint content_hashes_article_id_fkey foreign key (article_id) references articles (id) on delete cascade`.execute(db);
  await sql`alter table near_dup_bands add constraint near_dup_bands_article_id_fkey foreign key (article_id) references articles (id) on delete cascade`.execute(db);
  await sql`alter table claims add primary key (id)`.execute(db);
  await sql`alter table claims add constraint claims_article_ordinal_key unique (article_id, ordinal)`.execute(db);
  await sql`alter table claims add constraint claims_article_id_fkey foreign key (article_id) references articles (id) on delete cascade`.execute(db);
  await sql`alter table claims add constraint claims_speaker_entity_id_fkey foreign key (speaker_entity_id) references entities (id)`.execute(db);
  await sql`alter table event_mentions add constraint event_mentions_pkey primary key (event_id, claim_id)`.execute(db);
  await sql`alter table event_mentions add constraint event_mentions_event_id_fkey foreign key (event_id) references events (id) on delete cascade`.execute(db);
  await sql`alter table event_mentions add constraint event_mentions_claim_id_fkey foreign key (claim_id) references claims (id) on delete cascade`.execute(db);
  await sql`alter table event_mentions add constraint event_mentions_article_id_fkey foreign key (article_id) references articles (id) on delete cascade`.execute(db);
  await sql`create index articles_canonical_url_idx on articles (canonical_url)`.execute(db);
  await sql`create index articles_story_idx on articles (story_id)`.execute(db);
  await sql`create index articles_content_hash_idx on articles (content_hash)`.execute(db);
  await sql`create index articles_feed_idx on articles (feed_id)`.execute(db);
  await sql`create index articles_published_idx on articles (published_at)`.execute(db);
  await sql`create index articles_unfinished_idx on articles (updated_at) where status in ('discovered', 'received', 'extracted', 'deduped')`.execute(db);
  await sql`create index articles_fts_idx on articles using gin ((
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'B')))`.execute(db);
  await sql`create index claims_fts_idx on claims using gin ((
    to_tsvector('english'::regconfig, coalesce(speaker, '') || ' ' || content)))`.execute(db);
  await sql`create index event_mentions_article_idx on event_mentions (article_id)`.execute(db);
  await sql`create index event_mentions_claim_idx on event_mentions (claim_id)`.execute(db);
}
