import { mkdirSync } from 'node:fs';
import { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * An embedded Postgres (PGlite, WebAssembly) kept in `dir`: for `newsline start` on a machine
 * with no Postgres server. One connection, so it suits one process, not a scaled-out deployment.
 */
export async function createEmbeddedDb(dir: string): Promise<Kysely<Database>> {
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const INT8_OID = 20;
  const client = await PGlite.create(dir, { parsers: { [INT8_OID]: (v: string) => Number(v) } });
  return new Kysely<Database>({ dialect: new PGliteDialect(client) });
}
