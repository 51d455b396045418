import { DelayedError, MetricsTime, UnrecoverableError, Worker, type Job } from 'bullmq';
import { sql } from 'kysely';
import { PermanentError, errorMessage, type Logger } from '@newsline/core';
import { ArticlesRepository, classifyDbError } from '@newsline/db';
import { createRedis, InvalidJobError, isRedisUnavailable, maxmemoryPolicy, parseJobData, type QueueName } from '@newsline/queue';
import { createClaimsPool, type AliasTable } from '@newsline/claims';
import type { Runtime } from './runtime.js';
import type { NextJob, StageContext, StageHandler } from './stages/types.js';
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

/** The stages this service runs, by queue. */
export const STAGES = {
  feeds: pollStage,
  fetch: fetchStage,
  extract: extractStage,
  dedupe: dedupeStage,
  claims: claimsStage,
} satisfies Partial<{ [N in QueueName]: StageHandler<N> }>;

export type StageName = keyof typeof STAGES;
export const STAGE_NAMES = Object.keys(STAGES) as StageName[];

export function parseStageNames(names: string[]): StageName[] {
  if (names.length === 0) return STAGE_NAMES;
  const bad = names.filter((n) => !Object.hasOwn(STAGES, n));
  if (bad.length) throw new Error(`unknown stage ${bad.map((b) => JSON.stringify(b)).join(', ')}; stages are ${STAGE_NAMES.join(', ')}`);
  return [...new Set(names)] as StageName[];
}

export interface RunningWorkers {
  stages: StageName[];
  workers: Worker[];
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
  const connection = createRedis(rt.config, 'worker');
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
      Postgres: async () => {
        await sql`select 1`.execute(rt.db);
      },
      Redis: async () => {
        await rt.queues.connection.ping();
      },
    },
  });
  const warnings: string[] = [];
  const policy = await maxmemoryPolicy(rt.queues.connection);
  if (policy !== null && policy !== 'noeviction') {
    const w = `Redis maxmemory-policy is ${policy}: under memory pressure Redis will evict job keys and lose jobs. Set maxmemory-policy noeviction (see infra/redis.conf).`;
    warnings.push(w);
    rt.logger.warn({ maxmemoryPolicy: policy }, w);
  }
  const workers = stages.map((stage) => {
    const worker = new Worker(stage, (job, token) => runJob(rt, stage, job, token, gate, { ...ctxBase, logger: rt.logger }), {
      connection,
      prefix: rt.config.queuePrefix,
      concurrency: opts.concurrency ?? rt.config.workerConcurrency,
      lockDuration: rt.config.jobLockMs,
      stalledInterval: Math.max(1000, Math.floor(rt.config.jobLockMs / 2)),
      maxStalledCount: 3,
      // Per-minute completed/failed counts in Redis, for Bull Board's throughput view.
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    });
    worker.on('error', (err) => rt.logger.error({ stage, err: errorMessage(err) }, 'worker error'));
    worker.on('failed', (job, err) => {
      rt.logger.warn({ stage, jobId: job?.id, articleId: job?.data?.articleId, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed');
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
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

/**
 * Chaining lives here: the next stage's jobs, per queue. A finished job under the same id is
 * stale (the database says the stage is still to run), so it is run again, not trusted.
 */
async function enqueueNext(rt: Runtime, next: NextJob[]): Promise<void> {
  const byQueue = new Map<QueueName, NextJob['data'][]>();
  for (const n of next) byQueue.set(n.queue, [...(byQueue.get(n.queue) ?? []), n.data]);
  for (const [queue, items] of byQueue) await rt.queues.ensureMany(queue, items as never[]);
}

/** How a failed job is handled. */
type FailureKind = 'permanent' | 'outage' | 'conflict' | 'retry';

/** Most deadlock or serialization retries one job gets outside its attempt budget. */
const MAX_CONFLICT_RETRIES = 20;

async function failureKind(err: unknown, gate: OutageGate): Promise<{ kind: FailureKind; down: string[] }> {
  if (err instanceof PermanentError || err instanceof UnrecoverableError) return { kind: 'permanent', down: [] };
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

/** Puts an active job back to run later without counting the attempt (BullMQ's manual delay). */
async function putBack(job: Job, token: string | undefined, delayMs: number, logger: Logger): Promise<DelayedError> {
  try {
    await job.moveToDelayed(Date.now() + delayMs, token);
  } catch (e) {
    // The lock was lost meanwhile: stalled-job recovery has already put it back.
    logger.debug({ err: errorMessage(e) }, 'could not delay the job');
  }
  return new DelayedError();
}

async function runJob<N extends StageName>(
  rt: Runtime,
  stage: N,
  job: Job,
  token: string | undefined,
  gate: OutageGate,
  base: StageContext,
): Promise<string> {
  const logger: Logger = rt.logger.child({ stage, jobId: job.id, articleId: (job.data as { articleId?: unknown })?.articleId });
  let data;
  try {
    data = parseJobData(stage, job.data);
  } catch (err) {
    if (err instanceof InvalidJobError) throw new UnrecoverableError(err.message);
    throw err;
  }
  const handler = STAGES[stage] as StageHandler<N>;
  const started = Date.now();
  try {
    const outcome = await handler({ ...base, logger }, data);
    await enqueueNext(rt, outcome.next ?? []);
    observeJob(stage, started);
    logger.debug({ ms: Date.now() - started, result: outcome.result }, 'job done');
    return outcome.result;
  } catch (err) {
    const { kind, down } = await failureKind(err, gate);
    if (kind === 'outage') {
      // Not the job's fault: it keeps its attempts and runs again once the service is back.
      logger.info({ down, err: errorMessage(err) }, 'service unavailable: job put back');
      void gate.hold(down, err);
      throw await putBack(job, token, gate.retryDelayMs, logger);
    }
    const extraStarts = (job.attemptsStarted ?? 0) - job.attemptsMade;
    if (kind === 'conflict' && extraStarts <= MAX_CONFLICT_RETRIES) {
      // A deadlock or serialization failure: the same work succeeds when run again.
      logger.info({ err: errorMessage(err) }, 'transaction conflict: job put back');
      throw await putBack(job, token, 100 + Math.floor(Math.random() * 900), logger);
    }
    const permanent = kind === 'permanent';
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const articleId = (data as { articleId?: number }).articleId;
    observeJob(stage, started, { err, final: permanent || lastAttempt });
    if ((permanent || lastAttempt) && articleId !== undefined) {
      await new ArticlesRepository(rt.db)
        .markFailed(articleId, `${stage}: ${errorMessage(err)}`, stage === 'feeds' ? null : stage)
        .catch((e: unknown) => logger.error({ err: errorMessage(e) }, 'could not record the failure'));
    }
    if (permanent && !(err instanceof UnrecoverableError)) throw new UnrecoverableError(errorMessage(err));
    throw err;
  }
}
