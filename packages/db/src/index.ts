export * from './schema.js';
export { createDb, ensureDatabase, dropDatabase, canReachPostgres, redact, DEFAULT_DATABASE_URL, type Db, type PgOptions } from './connect.js';
export { createEmbeddedDb } from './embedded.js';
export { migrateToLatest, migrations, MigrationError } from './migrate.js';
