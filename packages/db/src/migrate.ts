import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import { ensureMonthPartitions } from './partitions.js';
import * as initial from './migrations/2026-11-27T00-initial.js';
import * as nearDuplicates from './migrations/2026-11-28T00-near-duplicates.js';
import * as fetchedPages from './migrations/2026-11-28T01-fetched-pages.js';
import * as monthlyPartitions from './migrations/2026-12-07T20-monthly-partitions.js';
import * as storyDescriptions from './migrations/2026-12-07T15-story-descriptions.js';
import * as fullTextSearch from './migrations/2026-12-07T17-full-text-search.js';
import * as claimsLanguage from './migrations/2026-12-07T19-claims-language.js';
import * as listOrderIndexes from './migrations/2026-12-07T20b-list-order-indexes.js';
import * as failedStage from './migrations/2026-12-07T21-failed-stage.js';

/** Every migration, by name. Names sort in the order they run; never rename or edit a released one. */
export const migrations: Record<string, Migration> = {
  '2026-11-27T00-initial': initial,
  '2026-11-28T00-near-duplicates': nearDuplicates,
  '2026-11-28T01-fetched-pages': fetchedPages,
  '2026-12-07T15-story-descriptions': storyDescriptions,
  '2026-12-07T17-full-text-search': fullTextSearch,
  '2026-12-07T19-claims-language': claimsLanguage,
  '2026-12-07T20-monthly-partitions': monthlyPartitions,
  '2026-12-07T20b-list-order-indexes': listOrderIndexes,
  '2026-12-07T21-failed-stage': failedStage,
};

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema up to date. Kysely's Migrator takes a lock, so concurrent callers are safe.
 * Migrations written in parallel may sort before one a database already ran: they run then
 * (unordered migrations allowed), and each must work whether or not its later-named neighbours ran.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  // The months ahead of the monthly partitions (the sweeper keeps adding them while processes run).
  await ensureMonthPartitions(db);
  return result;
}
