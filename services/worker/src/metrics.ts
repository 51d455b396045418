import { createServer, type Server } from 'node:http';
import { Counter, Histogram, collectDefaultMetrics, register } from 'prom-client';

/**
 * The stage counters and timings, on prom-client's default registry: the dashboard's /metrics
 * serves them when the workers run in its process (`newsline start`); a worker process started
 * on its own serves them itself (WORKER_METRICS_PORT).
 */
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const stageCompleted = once('newsline_stage_completed_total', () =>
  new Counter({ name: 'newsline_stage_completed_total', help: 'Jobs completed by each stage.', labelNames: ['stage'] }),
);
export const stageFailed = once('newsline_stage_failed_total', () =>
  new Counter({
    name: 'newsline_stage_failed_total',
    help: 'Failed job attempts by stage and reason (the error class or code); final="true" when the job gives up.',
    labelNames: ['stage', 'reason', 'final'],
  }),
);
export const stageSeconds = once('newsline_stage_duration_seconds', () =>
  new Histogram({ name: 'newsline_stage_duration_seconds', help: 'Time to process one job, by stage and outcome.', labelNames: ['stage', 'outcome'], buckets: SECONDS }),
);
export const feedPolls = once('newsline_feed_polls_total', () =>
  new Counter({ name: 'newsline_feed_polls_total', help: 'Feed polls by outcome: 200 (new content), 304 (not modified), error, backoff (not due yet).', labelNames: ['outcome'] }),
);
export const extractionSeconds = once('newsline_extraction_seconds', () =>
  new Histogram({ name: 'newsline_extraction_seconds', help: 'Article extraction (Readability and clean-up, in the thread pool), by outcome.', labelNames: ['outcome'], buckets: SECONDS }),
);
export const claimsSeconds = once('newsline_claims_extraction_seconds', () =>
  new Histogram({ name: 'newsline_claims_extraction_seconds', help: 'Claim and figure extraction from one article text.', buckets: SECONDS }),
);

/** A short, bounded label for why a job failed: the error's code when it has one, else its class. */
export function failureReason(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  const code = typeof e?.code === 'string' && /^[A-Z0-9_]{2,24}$/.test(e.code) ? e.code : null;
  const name = typeof e?.name === 'string' && /^[A-Za-z]{1,40}$/.test(e.name) ? e.name : 'Error';
  return code ? `${name}:${code}` : name;
}

/** Records one finished attempt of a job. */
export function observeJob(stage: string, startedMs: number, failure?: { err: unknown; final: boolean }): void {
  const seconds = (Date.now() - startedMs) / 1000;
  if (!failure) {
    stageCompleted.inc({ stage });
    stageSeconds.observe({ stage, outcome: 'completed' }, seconds);
    return;
  }
  stageFailed.inc({ stage, reason: failureReason(failure.err), final: String(failure.final) });
  stageSeconds.observe({ stage, outcome: 'failed' }, seconds);
}

/** Times an async step into a histogram, labelled by outcome when the histogram has that label. */
export async function timed<T>(h: Histogram<string>, fn: () => Promise<T>, labelled = true): Promise<T> {
  const end = h.startTimer();
  try {
    const r = await fn();
    end(labelled ? { outcome: 'ok' } : {});
    return r;
  } catch (err) {
    end(labelled ? { outcome: 'error' } : {});
    throw err;
  }
}

/** Times a synchronous step (claims extraction runs on the event loop). */
export function timedSync<T>(h: Histogram<string>, fn: () => T): T {
  const end = h.startTimer();
  try {
    return fn();
  } finally {
    end();
  }
}

/** Serves /metrics for a worker process started on its own. */
export async function serveWorkerMetrics(host: string, port: number): Promise<Server> {
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    register.metrics().then(
      (text) => res.writeHead(200, { 'content-type': register.contentType, 'x-content-type-options': 'nosniff' }).end(text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
