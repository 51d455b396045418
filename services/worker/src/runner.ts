import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { PermanentError, errorMessage, type Logger } from '@newsline/core';
import { ArticlesRepository } from '@newsline/db';
import { createRedis, InvalidJobError, parseJobData, type QueueName } from '@newsline/queue';
import type { AliasTable } from '@newsline/claims';
import type { Runtime } from './runtime.js';
import type { NextJob, StageContext, StageHandler } from './stages/types.js';
import { extractStage } from './stages/extract.js';
import { dedupeStage } from './stages/dedupe.js';
import { claimsStage } from './stages/claims.js';
import { pollStage } from './stages/poll.js';
import { fetchStage } from './stages/fetch.js';
import { createHttpClient, RedisHostLimiter } from '@newsline/fetch';
import { createExtractPool } from '@newsline/extract';

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
  /** Stops taking jobs, lets active ones finish (up to the grace period), then closes. */
  close(graceMs?: number): Promise<void>;
}

export interface StartWorkersOptions {
  stages?: StageName[];
  aliases: AliasTable;
  concurrency?: number;
}

export async function startWorkers(rt: Runtime, opts: StartWorkersOptions): Promise<RunningWorkers> {
  const stages = opts.stages ?? STAGE_NAMES;
  const connection = createRedis(rt.config.redisUrl, 'worker');
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
    return pool.extract(html, o);
  };
  const ctxBase = { db: rt.db, aliases: opts.aliases, http, extract };
  const workers = stages.map((stage) => {
    const worker = new Worker(stage, (job) => runJob(rt, stage, job, { ...ctxBase, logger: rt.logger }), {
      connection,
      prefix: rt.config.queuePrefix,
      concurrency: opts.concurrency ?? rt.config.workerConcurrency,
      lockDuration: rt.config.jobLockMs,
      stalledInterval: Math.max(1000, Math.floor(rt.config.jobLockMs / 2)),
      maxStalledCount: 3,
    });
    worker.on('error', (err) => rt.logger.error({ stage, err: errorMessage(err) }, 'worker error'));
    worker.on('failed', (job, err) => {
      rt.logger.warn({ stage, jobId: job?.id, articleId: job?.data?.articleId, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed');
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  let closing: Promise<void> | undefined;
  return {
    stages,
    workers,
    close(graceMs = 30_000) {
      closing ??= (async () => {
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
      })();
      return closing;
    },
  };
}

/** Chaining lives here: the next stage's jobs, one bulk add per queue. */
async function enqueueNext(rt: Runtime, next: NextJob[]): Promise<void> {
  const byQueue = new Map<QueueName, NextJob['data'][]>();
  for (const n of next) byQueue.set(n.queue, [...(byQueue.get(n.queue) ?? []), n.data]);
  for (const [queue, items] of byQueue) await rt.queues.enqueueMany(queue, items as never[]);
}

async function runJob<N extends StageName>(rt: Runtime, stage: N, job: Job, base: StageContext): Promise<string> {
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
    logger.debug({ ms: Date.now() - started, result: outcome.result }, 'job done');
    return outcome.result;
  } catch (err) {
    const permanent = err instanceof PermanentError || err instanceof UnrecoverableError;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const articleId = (data as { articleId?: number }).articleId;
    if ((permanent || lastAttempt) && articleId !== undefined) {
      await new ArticlesRepository(rt.db)
        .markFailed(articleId, `${stage}: ${errorMessage(err)}`)
        .catch((e: unknown) => logger.error({ err: errorMessage(e) }, 'could not record the failure'));
    }
    if (permanent && !(err instanceof UnrecoverableError)) throw new UnrecoverableError(errorMessage(err));
    throw err;
  }
}
