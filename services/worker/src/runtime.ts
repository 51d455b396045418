import type { Config, Logger } from '@newsline/core';
import { createDb, DEFAULT_DATABASE_URL, openDatabase, type Db } from '@newsline/db';
import { checkRedis, JobQueues } from '@newsline/queue';

/** The connections a process holds: one database, one producer connection with its queues. */
export interface Runtime {
  config: Config;
  logger: Logger;
  db: Db;
  /** Where reads for readers go (dashboard pages, API, exports): DATABASE_READ_URL's pool when set, else `db`. */
  readDb: Db;
  dbDescription: string;
  embeddedDb: boolean;
  queues: JobQueues;
  /**
   * A small pool of its own for the story term counts (single statements, outside any transaction)
   * that a dedupe transaction makes while it holds its own connection: on the main pool it would
   * wait for a connection that only transactions waiting on its locks hold (a pool deadlock, ended
   * only by the connect timeout). Absent for the embedded database: counts then go in the transaction.
   */
  counterDb?: Db;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  allowEmbeddedDb?: boolean;
  /** A database to use instead of opening one (tests). Closed by close(). */
  db?: Db;
}

export async function openRuntime(config: Config, logger: Logger, opts: OpenRuntimeOptions = {}): Promise<Runtime> {
  await checkRedis(config);
  const opened = opts.db
    ? { db: opts.db, description: 'given', embedded: false }
    : await openDatabase({
        url: config.databaseUrl,
        dataDir: config.dataDir,
        allowEmbedded: opts.allowEmbeddedDb ?? false,
        poolSize: Math.max(10, config.workerConcurrency * 3 + 2),
        logger,
      });
  const counterUrl = opened.embedded ? undefined : opts.db ? config.databaseUrl : (config.databaseUrl ?? DEFAULT_DATABASE_URL);
  const counterDb = counterUrl ? createDb(counterUrl, { max: 2, logger }) : undefined;
  // A replica is read as it is: no database is created there and no migration runs on it.
  const readDb = config.databaseReadUrl && !opts.db ? createDb(config.databaseReadUrl, { max: 4, logger }) : opened.db;
  const queues = new JobQueues({ redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, prefix: config.queuePrefix, logger });
  let closed = false;
  return {
    config,
    logger,
    db: opened.db,
    readDb,
    dbDescription: opened.description,
    embeddedDb: opened.embedded,
    queues,
    counterDb,
    async close() {
      if (closed) return;
      closed = true;
      await queues.close();
      await counterDb?.destroy();
      if (readDb !== opened.db) await readDb.destroy();
      await opened.db.destroy();
    },
  };
}
