import { Queue, type Job, type JobType } from 'bullmq';
import type { BaseAdapter } from '@bull-board/api/baseAdapter';
import { createLogger, errorMessage, type Logger } from '@newsline/core';
import { createRedis, type RedisClient } from './redis.js';
import { OperatorRetryAdapter } from './board.js';
import { QUEUE_NAMES, defaultJobOptions, jobIdFor, parseJobData, type JobData, type QueueName } from './catalog.js';

/** A queue as Bull Board shows it. */
export type BoardAdapter = BaseAdapter;

export interface JobQueuesOptions {
  redisUrl: string;
  /** A Redis Cluster's seed nodes; when given, used instead of redisUrl (see createRedis). */
  redisClusterNodes?: { host: string; port: number }[] | undefined;
  prefix: string;
  /** An existing producer connection to share; otherwise one is made and owned. */
  connection?: RedisClient;
  /** Where the queues' own errors are logged (default: a logger of its own on stderr). */
  logger?: Logger;
}

export interface QueueCounts {
  name: QueueName;
  counts: Record<'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized', number>;
}

/** What ensureMany did: new jobs, finished jobs run again, jobs already waiting or running. */
export interface EnsureResult {
  added: number;
  rerun: number;
  pending: number;
}

export interface FailedJobInfo {
  queue: QueueName;
  id: string | undefined;
  data: unknown;
  reason: string;
  attemptsMade: number;
  finishedOn: number | undefined;
}

/**
 * The only module that adds jobs to BullMQ. Stage code calls `enqueue(name, data)`; this picks
 * the queue, the job id and the options.
 */
export class JobQueues {
  readonly prefix: string;
  readonly connection: RedisClient;
  private readonly owned: boolean;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly logger: Logger;

  constructor(opts: JobQueuesOptions) {
    this.prefix = opts.prefix;
    this.owned = !opts.connection;
    this.logger = opts.logger ?? createLogger(undefined, 'newsline-queue');
    this.connection = opts.connection ?? createRedis({ redisUrl: opts.redisUrl, redisClusterNodes: opts.redisClusterNodes }, 'producer', {}, this.logger);
  }

  /** The raw BullMQ queue, for tests and benchmarks; services use the operations of this class. */
  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions, skipWaitingForReady: true });
      // The failing call itself throws too; this is for errors no call is waiting on.
      q.on('error', (err) => this.logger.warn({ queue: name, err: errorMessage(err) }, 'queue error'));
      this.queues.set(name, q);
    }
    return q;
  }

  all(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queue(n));
  }

  /**
   * Bull Board's view of every queue, where "Retry" (one job or all) gives the job a fresh
   * attempt budget (see board.ts).
   */
  boardAdapters(): BoardAdapter[] {
    return this.all().map((q) => new OperatorRetryAdapter(q));
  }

  async enqueue<N extends QueueName>(name: N, data: JobData<N>, opts: { delay?: number } = {}): Promise<Job> {
    const valid = parseJobData(name, data);
    return this.queue(name).add(name, valid, { jobId: jobIdFor(name, valid), ...opts });
  }

  async enqueueMany<N extends QueueName>(name: N, items: JobData<N>[]): Promise<void> {
    if (items.length === 0) return;
    const jobs = items.map((d) => {
      const valid = parseJobData(name, d);
      return { name, data: valid, opts: { jobId: jobIdFor(name, valid) } };
    });
    await this.queue(name).addBulk(jobs);
  }

  /**
   * Makes sure each item has a job that will run: adds it when there is none, and runs a finished
   * job with the same id again (fresh attempts) instead of trusting it. Callers use this when the
   * database says the stage still has to run, so a finished job under that id is stale: left by
   * an earlier database on the same Redis, or by a run whose result was lost. A waiting, delayed
   * or active job is left alone (the deterministic id keeps it single).
   */
  async ensureMany<N extends QueueName>(name: N, items: JobData<N>[]): Promise<EnsureResult> {
    const result: EnsureResult = { added: 0, rerun: 0, pending: 0 };
    if (items.length === 0) return result;
    const q = this.queue(name);
    const valid = items.map((d) => parseJobData(name, d));
    const ids = valid.map((d) => jobIdFor(name, d));
    const states = await Promise.all(ids.map((id) => q.getJobState(id)));
    const toAdd: { name: N; data: JobData<N>; opts: { jobId: string } }[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const state = states[i];
      if (state === 'completed' || state === 'failed') {
        const job = await q.getJob(id);
        if (!job) {
          toAdd.push({ name, data: valid[i]!, opts: { jobId: id } });
          continue;
        }
        try {
          await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
          result.rerun++;
        } catch {
          // It changed state in between (another process ran it again): it is pending now.
          result.pending++;
        }
      } else if (state === 'unknown') {
        toAdd.push({ name, data: valid[i]!, opts: { jobId: id } });
      } else {
        result.pending++;
      }
    }
    if (toAdd.length) await q.addBulk(toAdd);
    result.added += toAdd.length;
    return result;
  }

  async ensure<N extends QueueName>(name: N, data: JobData<N>): Promise<EnsureResult> {
    return this.ensureMany(name, [data]);
  }

  /** The state of an item's job: waiting, active, delayed, completed, failed, ... or 'unknown' (none). */
  async jobState<N extends QueueName>(name: N, data: JobData<N>): Promise<string> {
    return this.queue(name).getJobState(jobIdFor(name, parseJobData(name, data)));
  }

  /**
   * A recurring job (BullMQ Job Scheduler), idempotent: upserting again with the same data
   * changes its interval, never adds a second one. The scheduler id is the job's catalog id.
   */
  async schedule<N extends QueueName>(name: N, data: JobData<N>, everyMs: number): Promise<void> {
    const valid = parseJobData(name, data);
    await this.queue(name).upsertJobScheduler(
      jobIdFor(name, valid),
      { every: everyMs },
      { name, data: valid, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } },
    );
  }

  async unschedule<N extends QueueName>(name: N, data: JobData<N>): Promise<boolean> {
    return this.queue(name).removeJobScheduler(jobIdFor(name, parseJobData(name, data)));
  }

  async schedules(name: QueueName): Promise<{ id: string; every: number | null; next: number | null }[]> {
    const list = await this.queue(name).getJobSchedulers(0, -1, true);
    return list.map((s) => ({ id: s.key, every: s.every ? Number(s.every) : null, next: s.next ?? null }));
  }

  /** Removes a finished job so the same id can be enqueued again (re-running a stage on purpose). */
  async forget<N extends QueueName>(name: N, data: JobData<N>): Promise<void> {
    const job = await this.queue(name).getJob(jobIdFor(name, parseJobData(name, data)));
    if (job && ((await job.isCompleted()) || (await job.isFailed()))) await job.remove();
  }

  /** Resolves when Redis answers (health checks). */
  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async counts(): Promise<QueueCounts[]> {
    const types: JobType[] = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'];
    return Promise.all(
      QUEUE_NAMES.map(async (name) => ({
        name,
        counts: (await this.queue(name).getJobCounts(...types)) as QueueCounts['counts'],
      })),
    );
  }

  async latestFailures(limit = 10): Promise<FailedJobInfo[]> {
    const all = await Promise.all(
      QUEUE_NAMES.map(async (queue) => {
        const jobs = await this.queue(queue).getFailed(0, limit - 1);
        return jobs.map((j) => ({
          queue,
          id: j.id,
          data: j.data,
          reason: j.failedReason,
          attemptsMade: j.attemptsMade,
          finishedOn: j.finishedOn,
        }));
      }),
    );
    return all
      .flat()
      .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
      .slice(0, limit);
  }

  /** Removes every key of these queues (tests, and `newsline` reset tools). */
  async obliterate(): Promise<void> {
    for (const q of this.all()) await q.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    if (this.owned) await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
