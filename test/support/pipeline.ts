import { createLogger, loadConfig, type Config } from '@newsline/core';
import { loadAliases } from '@newsline/claims';
import { openRuntime, startWorkers, type RunningWorkers, type Runtime } from '@newsline/worker';
import { createTestDatabase, type TestDatabase } from './db.js';
import { deletePrefix, uniquePrefix } from './redis.js';
import { redisUrl } from './env.js';

export interface TestPipeline {
  t: TestDatabase;
  config: Config;
  rt: Runtime;
  workers: RunningWorkers | null;
  /** Environment for a child process that should use the same database and queues. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A runtime on a fresh database and a fresh queue prefix; with `workers`, the stage workers run in-process. */
export async function openTestPipeline(opts: { workers?: boolean; env?: Record<string, string> } = {}): Promise<TestPipeline> {
  const t = await createTestDatabase();
  const env = {
    DATABASE_URL: t.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: uniquePrefix('pipe'),
    LOG_LEVEL: 'silent',
    WORKER_CONCURRENCY: '2',
    ...opts.env,
  };
  const config = loadConfig(env);
  const rt = await openRuntime(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { db: t.db });
  const workers = opts.workers === false ? null : await startWorkers(rt, { aliases: loadAliases() });
  return {
    t,
    config,
    rt,
    workers,
    env,
    async close() {
      await workers?.close(5000);
      await rt.queues.obliterate().catch(() => undefined);
      await rt.close();
      await t.drop();
      await deletePrefix(config.queuePrefix);
    },
  };
}
