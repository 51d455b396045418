import { DelayedError, MetricsTime, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisClient } from './redis.js';
import type { QueueName } from './catalog.js';

/**
 * A job that must not be tried again (bad payload, a page that will never parse): it goes to the
 * failed set at once, whatever attempts it has left.
 */
export class PermanentJobError extends UnrecoverableError {}

/** True for an error that ends a job for good (ours or the queue library's own). */
export function isPermanentJobError(err: unknown): boolean {
  return err instanceof UnrecoverableError;
}

/** What a stage handler sees of the job it runs. */
export interface StageJob {
  id: string | undefined;
  data: unknown;
  /** Attempts that failed so far (the current one not included). */
  attemptsMade: number;
  /** Attempts started, including those put back without counting (putBack). */
  attemptsStarted: number;
  /** The attempt budget. */
  maxAttempts: number;
  /**
   * Puts the job back to run after `delayMs` without counting the attempt; the processor must
   * throw the returned error right away.
   */
  putBack(delayMs: number): Promise<Error>;
}

export interface StageConsumerOptions {
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  /** How long a job's lock lasts before another worker may take the job over as stalled. */
  lockMs: number;
  /** Errors of the consumer itself (lost connection, a failed lock renewal). */
  onError: (err: Error) => void;
  /** A job that failed (an attempt or for good), with the ids in its payload. */
  onFailed: (job: { id: string | undefined; data: unknown; attemptsMade: number }, err: Error) => void;
  /** A put-back that could not be made (the lock was lost: stalled-job recovery puts it back). */
  onPutBackError?: (err: unknown) => void;
}

/** A running consumer of one stage's queue. */
export interface StageConsumer {
  readonly stage: QueueName;
  /** Stops taking new jobs (active ones run on). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Waits for active jobs to finish; `force` stops at once (their locks expire and they run again). */
  close(force?: boolean): Promise<void>;
}

/**
 * Runs `run` for every job of the stage's queue. The one place a BullMQ Worker is made:
 * locks, stalled-job recovery and the per-minute metrics Bull Board shows are set here.
 */
export async function startStageConsumer(
  stage: QueueName,
  run: (job: StageJob) => Promise<string>,
  opts: StageConsumerOptions,
): Promise<StageConsumer> {
  const worker = new Worker(stage, (job: Job, token?: string) => run(stageJob(job, token, opts)), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(1000, Math.floor(opts.lockMs / 2)),
    maxStalledCount: 3,
    // Per-minute completed/failed counts in Redis, for Bull Board's throughput view.
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
  });
  worker.on('error', (err) => opts.onError(err));
  worker.on('failed', (job, err) => opts.onFailed({ id: job?.id, data: job?.data, attemptsMade: job?.attemptsMade ?? 0 }, err));
  await worker.waitUntilReady();
  return {
    stage,
    pause: () => worker.pause(true),
    resume: () => worker.resume(),
    close: (force) => worker.close(force),
  };
}

function stageJob(job: Job, token: string | undefined, opts: StageConsumerOptions): StageJob {
  return {
    id: job.id,
    data: job.data,
    attemptsMade: job.attemptsMade,
    attemptsStarted: job.attemptsStarted ?? 0,
    maxAttempts: job.opts.attempts ?? 1,
    async putBack(delayMs) {
      try {
        await job.moveToDelayed(Date.now() + delayMs, token);
      } catch (e) {
        opts.onPutBackError?.(e);
      }
      return new DelayedError();
    },
  };
}
