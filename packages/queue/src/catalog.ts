import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

const id = z.number().int().positive();

/**
 * The job catalog: the single source of truth for what runs through Redis.
 * One queue per stage; each job names its queue, its payload (ids only, validated) and its
 * deterministic id. Data stays in Postgres.
 */
export const catalog = {
  feeds: { payload: z.object({ feedId: id }).strict(), jobId: (d: { feedId: number }) => `poll-${d.feedId}` },
  fetch: { payload: z.object({ articleId: id }).strict(), jobId: (d: { articleId: number }) => `fetch-${d.articleId}` },
  extract: { payload: z.object({ articleId: id }).strict(), jobId: (d: { articleId: number }) => `extract-${d.articleId}` },
  dedupe: { payload: z.object({ articleId: id }).strict(), jobId: (d: { articleId: number }) => `dedupe-${d.articleId}` },
  claims: { payload: z.object({ articleId: id }).strict(), jobId: (d: { articleId: number }) => `claims-${d.articleId}` },
} as const;

export type QueueName = keyof typeof catalog;
export const QUEUE_NAMES = Object.keys(catalog) as QueueName[];
export type JobData<N extends QueueName> = z.infer<(typeof catalog)[N]['payload']>;

export class InvalidJobError extends Error {
  override name = 'InvalidJobError';
}

export function isQueueName(name: string): name is QueueName {
  return Object.hasOwn(catalog, name);
}

/** Validates a payload for a queue; the error names the queue and the bad field. */
export function parseJobData<N extends QueueName>(name: N, data: unknown): JobData<N> {
  const result = catalog[name].payload.safeParse(data);
  if (!result.success) {
    const why = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    throw new InvalidJobError(`invalid ${name} job payload ${JSON.stringify(data)}: ${why}`);
  }
  return result.data as JobData<N>;
}

export function jobIdFor<N extends QueueName>(name: N, data: JobData<N>): string {
  return (catalog[name].jobId as (d: JobData<N>) => string)(data);
}

/** Attempts, backoff and retention for every job. */
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  // 2 s, 4 s, 8 s, ... each with up to 50% random jitter so retries after an outage spread out.
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 20000 },
};
