import { connectionErrorLogger, createLogger, redactUrl, type Logger } from '@newsline/core';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/newsline';

// int8 (bigint ids, counts) as JS numbers: our ids stay far below 2^53.
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PgOptions {
  max?: number;
  /** Fail fast instead of waiting forever when the server is down. */
  connectionTimeoutMillis?: number;
  /** Where lost connections are logged (default: a logger of its own on stderr). */
  logger?: Logger;
  /** Called with every statement and its duration (the benchmarks count statements with it). */
  onStatement?: (event: LogEvent) => void;
}

export function createDb(url: string, opts: PgOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5000,
    types,
  });
  const logError = connectionErrorLogger(opts.logger ?? createLogger(undefined, 'newsline-db'), 'Postgres');
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', logError);
  // pg-pool listens for errors only on idle clients: it drops that listener while a client is
  // checked out, so a connection lost inside a transaction (Postgres restarting) would emit an
  // unhandled 'error' and kill the process. This listener stays for the client's whole life; the
  // query in flight fails with the same error and the pool discards the broken client.
  pool.on('connect', (client) => {
    client.on('error', logError);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(opts.onStatement ? { log: opts.onStatement } : {}) });
}

/** Resolves when the database answers a query (health checks, outage probes). */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL ${redactUrl(url)} names no database`);
  return name;
}


/** Runs fn with a client on the server's `postgres` database (to create or drop others). */
async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>, timeoutMs = 5000): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: timeoutMs });
  // A short-lived client: an error fails the connect or query in flight, which the caller sees.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const ident = (s: string) => '"' + s.replace(/"/g, '""') + '"';

/** Creates the database named in the URL when it does not exist (optionally from a template). */
export async function ensureDatabase(url: string, template?: string): Promise<boolean> {
  const name = databaseName(url);
  return withAdminClient(url, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ''}`);
    } catch (err) {
      // Another process created it first.
      if ((err as { code?: string }).code !== '42P04') throw err;
      return false;
    }
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdminClient(url, (client) => client.query(`drop database if exists ${ident(name)} with (force)`));
}

/** True when a Postgres server answers at this URL's host (any database). */
export async function canReachPostgres(url: string): Promise<boolean> {
  try {
    await withAdminClient(url, (client) => client.query('select 1'), 2000);
    return true;
  } catch {
    return false;
  }
}
