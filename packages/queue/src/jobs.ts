import { Queue, type Job, type JobType } from 'bullmq';
import { createRedis, type RedisClient } from './redis.js';
import { QUEUE_NAMES, defaultJobOptions, jobIdFor, parseJobData, type JobData, type QueueName } from './catalog.js';

export interface JobQueuesOptions {
  redisUrl: string;
  /** A Redis Cluster's seed nodes; when given, used instead of redisUrl (see createRedis). */
  redisClusterNodes?: { host: string; port: number }[] | undefined;
  prefix: string;
  /** An existing producer connection to share; otherwise one is made and owned. */
  connection?: RedisClient;
}

export interface QueueCounts {
  name: QueueName;
  counts: Record<'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized', number>;
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

  constructor(opts: JobQueuesOptions) {
    this.prefix = opts.prefix;
    this.owned = !opts.connection;
    this.connection = opts.connection ?? createRedis({ redisUrl: opts.redisUrl, redisClusterNodes: opts.redisClusterNodes }, 'producer');
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions, skipWaitingForReady: true });
      q.on('error', () => undefined); // surfaced by the failing call itself
      this.queues.set(name, q);
    }
    return q;
  }

  all(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queue(n));
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
