import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { redactUrl, type Logger } from '@newsline/core';
import { canReachPostgres, createDb, DEFAULT_DATABASE_URL, ensureDatabase } from './connect.js';
import { createEmbeddedDb } from './embedded.js';
import type { Database } from './schema.js';

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** Where the data lives, for messages: a redacted URL or the embedded directory. */
  description: string;
  embedded: boolean;
}

export interface OpenDatabaseOptions {
  /** DATABASE_URL when set. */
  url: string | undefined;
  /** Where the embedded database lives when it is used. */
  dataDir: string;
  /** Use embedded Postgres when no URL is set and no server answers on localhost. */
  allowEmbedded: boolean;
  poolSize?: number;
  /** The URL tried when `url` is unset (the local default). */
  defaultUrl?: string;
  /** Where lost connections are logged. */
  logger?: Logger;
}

/**
 * Connects to Postgres, creating the database when it is missing. With DATABASE_URL unset it
 * tries the local default; when nothing answers there and `allowEmbedded` is on, it opens an
 * embedded Postgres (PGlite) in `<dataDir>/pglite`.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const url = opts.url ?? opts.defaultUrl ?? DEFAULT_DATABASE_URL;
  if (opts.url === undefined && opts.allowEmbedded && !(await canReachPostgres(url))) {
    const dir = join(opts.dataDir, 'pglite');
    return { db: await createEmbeddedDb(dir), description: `embedded Postgres (PGlite) in ${dir}`, embedded: true };
  }
  try {
    await ensureDatabase(url);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot reach Postgres at DATABASE_URL=${redactUrl(url)} (${why}). Start Postgres (for example \`docker compose up -d postgres\`) or set DATABASE_URL.`,
    );
  }
  return { db: createDb(url, { max: opts.poolSize ?? 10, logger: opts.logger }), description: redactUrl(url), embedded: false };
}
