import { Gauge, Registry, collectDefaultMetrics, register } from 'prom-client';
import type { JobQueues } from '@newsline/queue';
import { pipelineTotals, type Db } from '@newsline/db';

let defaults = false;

/** The process defaults (CPU, memory, event loop, GC), once per process. */
export function ensureDefaultMetrics(): void {
  if (defaults || register.getSingleMetric('process_cpu_user_seconds_total')) return;
  defaults = true;
  collectDefaultMetrics();
}

const STORED: Record<string, string> = {
  articles: 'articles',
  duplicates: 'duplicates',
  stories: 'stories',
  claims: 'claims',
  events: 'events',
  mentions: 'event_mentions',
  failed: 'failed_articles',
  notArticles: 'not_articles',
};

/**
 * /metrics: the process's own registry (process defaults, and the stage counters and timings
 * when the workers run in this process) plus what is read at scrape time: jobs per queue and
 * state from Redis, stored totals from Postgres. A source that does not answer is reported by
 * `newsline_scrape_source_up`, and the rest is still served.
 */
export async function metricsText(queues: JobQueues, db: Db | undefined): Promise<string> {
  ensureDefaultMetrics();
  const scrape = new Registry();
  const up = new Gauge({ name: 'newsline_scrape_source_up', help: 'Whether a source of this scrape answered (1) or not (0).', labelNames: ['source'], registers: [scrape] });
  const jobs = new Gauge({ name: 'newsline_queue_jobs', help: 'Jobs in each queue by state (BullMQ).', labelNames: ['queue', 'state'], registers: [scrape] });
  const stored = new Gauge({ name: 'newsline_stored', help: 'Rows stored in Postgres, by kind.', labelNames: ['kind'], registers: [scrape] });
  await Promise.all([
    queues.counts().then(
      (all) => {
        for (const q of all) for (const [state, n] of Object.entries(q.counts)) jobs.set({ queue: q.name, state }, n);
        up.set({ source: 'redis' }, 1);
      },
      () => up.set({ source: 'redis' }, 0),
    ),
    db
      ? pipelineTotals(db).then(
          (t) => {
            for (const [k, label] of Object.entries(STORED)) stored.set({ kind: label }, t[k as keyof typeof t]);
            up.set({ source: 'postgres' }, 1);
          },
          () => up.set({ source: 'postgres' }, 0),
        )
      : Promise.resolve(),
  ]);
  return Registry.merge([register, scrape]).metrics();
}
