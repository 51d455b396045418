import { PermanentError, errorMessage, type Logger } from '@newsline/core';
import { ArticlesRepository, classifyDbError, pingDatabase } from '@newsline/db';
import {
  createRedis,
  InvalidJobError,
  isPermanentJobError,
  isQueueName,
  isRedisUnavailable,
  maxmemoryPolicy,
  parseJobData,
  PermanentJobError,
  QUEUE_NAMES,
  startStageConsumer,
  type QueueName,
  type StageConsumer,
  type StageJob,
} from '@newsline/queue';
import { createClaimsPool, type AliasTable } from '@newsline/claims';
import type { Runtime } from './runtime.js';
import type { StageContext, StageHandler } from './stages/types.js';
import { enqueueNextStages } from './chain.js';
import { extractStage } from './stages/extract.js';
import { dedupeStage } from './stages/dedupe.js';
import { claimsStage } from './stages/claims.js';
import { pollStage } from './stages/poll.js';
import { fetchStage } from './stages/fetch.js';
import { createHttpClient, RedisHostLimiter } from '@newsline/fetch';
import { createExtractPool } from '@newsline/extract';
import { extractionSeconds, observeJob, timed } from './metrics.js';
import { OutageGate } from './outage.js';
import { restoreFeedSchedules, startSweeper, type Sweeper } from './sweeper.js';

/** The handler of every queue: complete by type (a queue added to the catalog needs one here). */
export const STAGES: { [N in QueueName]: StageHandler<N> } = {
  feeds: pollStage,
  fetch: fetchStage,
  extract: extractStage,
  dedupe: dedupeStage,
  claims: claimsStage,
};

export type StageName = QueueName;
export const STAGE_NAMES: StageName[] = QUEUE_NAMES;

/** Refuses to start a process given a stage with no handler (a name the type check did not see). */
export function checkHandlers(stages: readonly string[], handlers: Record<string, unknown> = STAGES): void {
  const missing = stages.filter((s) => typeof (Object.hasOwn(handlers, s) ? handlers[s] : undefined) !== 'function');
  if (missing.length) throw new Error(`no handler for stage ${missing.map((m) => JSON.stringify(m)).join(', ')}; handled stages are ${Object.keys(handlers).join(', ')}`);
}

export function parseStageNames(names: string[]): StageName[] {
  if (names.length === 0) return STAGE_NAMES;
  const bad = names.filter((n) => !isQueueName(n));
  if (bad.length) throw new Error(`unknown stage ${bad.map((b) => JSON.stringify(b)).join(', ')}; stages are ${STAGE_NAMES.join(', ')}`);
  checkHandlers(names);
  return [...new Set(names)] as StageName[];
}

export interface RunningWorkers {
  stages: StageName[];
  workers: StageConsumer[];
  /** Waits out Postgres or Redis outages for these workers. */
  gate: OutageGate;
  sweeper: Sweeper;
  /** Start-up warnings worth showing an operator (also logged), e.g. Redis's eviction policy. */
  warnings: string[];
  /** Stops taking jobs, lets active ones finish (up to the grace period), then closes. */
  close(graceMs?: number): Promise<void>;
}

export interface StartWorkersOptions {
  stages?: StageName[];
  aliases: AliasTable;
  concurrency?: number;
  /** Run the sweeper of stuck articles (default true). */
  sweep?: boolean;
}

export async function startWorkers(rt: Runtime, opts: StartWorkersOptions): Promise<RunningWorkers> {
  const stages = opts.stages ?? STAGE_NAMES;
  checkHandlers(stages);
  const connection = createRedis(rt.config, 'worker', {}, rt.logger);
  const http = createHttpClient(rt.config, {
    // Per-host limits shared by every worker process through Redis.
    limiter: new RedisHostLimiter(rt.queues.connection, rt.config.queuePrefix, {
      maxConcurrent: rt.config.fetch.maxPerHost,
      requestsPerSecond: rt.config.fetch.requestsPerSecondPerHost,
    }),
  });
  const pool = stages.includes('extract')
    ? createExtractPool({ size: rt.config.extract.threads, timeoutMs: rt.config.extract.timeoutMs })
    : null;
  const extract = (html: string, o: Parameters<StageContext['extract']>[1]) => {
    if (!pool) throw new Error('this process runs no extract stage');
    return timed(extractionSeconds, () => pool.extract(html, o));
  };
  // Claim extraction is CPU work too: its own threads, started with the first articles.
  const claimsPool = stages.includes('claims') ? createClaimsPool({ size: rt.config.extract.threads }) : null;
  const claims: StageContext['claims'] = (task, name) => {
    if (!claimsPool) throw new Error('this process runs no claims stage');
    return claimsPool.extract({ ...task, aliasesFile: task.aliasesFile ?? rt.config.aliasesFile, lexiconFile: task.lexiconFile ?? rt.config.lexiconFile }, name);
  };
  const ctxBase = { db: rt.db, counterDb: rt.counterDb, aliases: opts.aliases, http, extract, claims };
  const gate = new OutageGate({
    logger: rt.logger,
    probes: {
      Postgres: () => pingDatabase(rt.db),
      Redis: () => rt.queues.ping(),
    },
  });
  const warnings: string[] = [];
  const policy = await maxmemoryPolicy(rt.queues.connection);
  if (policy !== null && policy !== 'noeviction') {
    const w = `Redis maxmemory-policy is ${policy}: under memory pressure Redis will evict job keys and lose jobs. Set maxmemory-policy noeviction (see infra/redis.conf).`;
    warnings.push(w);
    rt.logger.warn({ maxmemoryPolicy: policy }, w);
  }
  const workers = await Promise.all(
    stages.map((stage) =>
      startStageConsumer(stage, (job) => runJob(rt, stage, job, gate, { ...ctxBase, logger: rt.logger }), {
        connection,
        prefix: rt.config.queuePrefix,
        concurrency: opts.concurrency ?? rt.config.workerConcurrency,
        lockMs: rt.config.jobLockMs,
        onError: (err) => rt.logger.error({ stage, err: errorMessage(err) }, 'worker error'),
        onFailed: (job, err) => {
          const articleId = (job.data as { articleId?: unknown } | undefined)?.articleId;
          rt.logger.warn({ stage, jobId: job.id, articleId, attemptsMade: job.attemptsMade, err: err.message }, 'job failed');
        },
        // The lock was lost meanwhile: stalled-job recovery has already put it back.
        onPutBackError: (err) => rt.logger.debug({ stage, err: errorMessage(err) }, 'could not delay the job'),
      }),
    ),
  );
  gate.attach(workers);
  if (stages.includes('feeds')) {
    // Job Schedulers live in Redis only: after a Redis loss, polling would stop for good.
    const restored = await restoreFeedSchedules(rt);
    if (restored > 0) rt.logger.warn({ restored }, `restored ${restored} feed schedule(s) missing from Redis`);
  }
  const sweeper = startSweeper(rt, { ...rt.config.sweep, enabled: opts.sweep ?? true, feeds: stages.includes('feeds') });
  let closing: Promise<void> | undefined;
  return {
    stages,
    workers,
    gate,
    sweeper,
    warnings,
    close(graceMs = 30_000) {
      closing ??= (async () => {
        gate.close();
        await sweeper.stop();
        await Promise.all(
          workers.map(async (w) => {
            let timer: NodeJS.Timeout | undefined;
            const graceful = w.close();
            const late = new Promise<'late'>((resolve) => {
              timer = setTimeout(() => resolve('late'), graceMs);
            });
            // Past the grace period, stop waiting: unfinished jobs' locks expire and another
            // worker takes them over (stalled-job recovery), so nothing is lost.
            if ((await Promise.race([graceful, late])) === 'late') await w.close(true);
            clearTimeout(timer);
          }),
        );
        await connection.quit().catch(() => connection.disconnect());
        await http.close();
        await pool?.close();
        await claimsPool?.close();
      })();
      return closing;
    },
  };
}

/** How a failed job is handled. */
type FailureKind = 'permanent' | 'outage' | 'conflict' | 'retry';

/** Most deadlock or serialization retries one job gets outside its attempt budget. */
const MAX_CONFLICT_RETRIES = 20;

async function failureKind(err: unknown, gate: OutageGate): Promise<{ kind: FailureKind; down: string[] }> {
  if (err instanceof PermanentError || isPermanentJobError(err)) return { kind: 'permanent', down: [] };
  const db = classifyDbError(err);
  if (db === 'deterministic') return { kind: 'permanent', down: [] };
  if (db === 'conflict') return { kind: 'conflict', down: [] };
  if (db === 'unavailable' || isRedisUnavailable(err) || gate.holding) {
    // The services decide: a connection error while both answer is the job's own problem.
    const down = await gate.down();
    if (down.length > 0) return { kind: 'outage', down };
  }
  return { kind: 'retry', down: [] };
}

async function runJob<N extends StageName>(
  rt: Runtime,
  stage: N,
  job: StageJob,
  gate: OutageGate,
  base: StageContext,
): Promise<string> {
  const logger: Logger = rt.logger.child({ stage, jobId: job.id, articleId: (job.data as { articleId?: unknown })?.articleId });
  let data;
  try {
    data = parseJobData(stage, job.data);
  } catch (err) {
    if (err instanceof InvalidJobError) throw new PermanentJobError(err.message);
    throw err;
  }
  const handler = STAGES[stage] as StageHandler<N>;
  const started = Date.now();
  try {
    const outcome = await handler({ ...base, logger }, data);
    await enqueueNextStages(rt.queues, outcome.articles ?? []);
    observeJob(stage, started);
    logger.debug({ ms: Date.now() - started, result: outcome.result }, 'job done');
    return outcome.result;
  } catch (err) {
    const { kind, down } = await failureKind(err, gate);
    if (kind === 'outage') {
      // Not the job's fault: it keeps its attempts and runs again once the service is back.
      logger.info({ down, err: errorMessage(err) }, 'service unavailable: job put back');
      void gate.hold(down, err);
      throw await job.putBack(gate.retryDelayMs);
    }
    const extraStarts = job.attemptsStarted - job.attemptsMade;
    if (kind === 'conflict' && extraStarts <= MAX_CONFLICT_RETRIES) {
      // A deadlock or serialization failure: the same work succeeds when run again.
      logger.info({ err: errorMessage(err) }, 'transaction conflict: job put back');
      throw await job.putBack(100 + Math.floor(Math.random() * 900));
    }
    const permanent = kind === 'permanent';
    const lastAttempt = job.attemptsMade + 1 >= job.maxAttempts;
    const articleId = (data as { articleId?: number }).articleId;
    observeJob(stage, started, { err, final: permanent || lastAttempt });
    if ((permanent || lastAttempt) && articleId !== undefined) {
      await new ArticlesRepository(rt.db)
        .markFailed(articleId, `${stage}: ${errorMessage(err)}`, stage === 'feeds' ? null : stage)
        .catch((e: unknown) => logger.error({ err: errorMessage(e) }, 'could not record the failure'));
    }
    if (permanent && !isPermanentJobError(err)) throw new PermanentJobError(errorMessage(err));
    throw err;
  }
}
