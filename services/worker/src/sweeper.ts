import { errorMessage, type Logger } from '@newsline/core';
import { ArticlesRepository, ensureMonthPartitions, FeedsRepository, type ArticleStatus } from '@newsline/db';
import type { Runtime } from './runtime.js';
import { nextStage } from './stages/status.js';
import { enqueueNextStages } from './chain.js';

/** Job states in which a job will still run. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface StuckArticle {
  id: number;
  status: ArticleStatus;
  updatedAt: Date;
  /** The state of the job its next stage would run under: 'unknown' (none), 'completed', 'failed'. */
  jobState: string;
}

/**
 * Unfinished articles unchanged for longer than `stuckAfterMs` whose next stage has no job that
 * will run: nothing will ever move them unless they get a job again (a lost Redis, a finished
 * job under a stale id). Checks at most `limit` of the oldest candidates.
 */
export async function findStuck(rt: Runtime, stuckAfterMs: number, limit = 1000): Promise<StuckArticle[]> {
  const candidates = await new ArticlesRepository(rt.db).unfinishedSince(new Date(Date.now() - stuckAfterMs), limit);
  const states = await Promise.all(
    candidates.map(async (a) => {
      const stage = nextStage(a.status);
      return stage ? rt.queues.jobState(stage, { articleId: a.id }) : 'n/a';
    }),
  );
  return candidates
    .map((a, i) => ({ id: a.id, status: a.status, updatedAt: a.updated_at, jobState: states[i]! }))
    .filter((a) => !LIVE_STATES.has(a.jobState));
}

/** Gives each stuck article its next stage's job again; returns how many. */
export async function sweepStuck(rt: Runtime, stuckAfterMs: number, limit = 1000): Promise<number> {
  const stuck = await findStuck(rt, stuckAfterMs, limit);
  await enqueueNextStages(rt.queues, stuck.map((a) => ({ articleId: a.id, status: a.status })));
  return stuck.length;
}

/** Creates the Job Scheduler of every feed in the database that Redis does not have (a lost Redis). */
export async function restoreFeedSchedules(rt: Runtime): Promise<number> {
  const [feeds, schedules] = await Promise.all([new FeedsRepository(rt.db).list(), rt.queues.schedules('feeds')]);
  const have = new Set(schedules.map((s) => s.id));
  let restored = 0;
  for (const f of feeds) {
    if (have.has(`poll-${f.id}`)) continue;
    await rt.queues.schedule('feeds', { feedId: f.id }, f.interval_seconds * 1000);
    restored++;
  }
  return restored;
}

export interface Sweeper {
  /** Runs one sweep now; resolves with the number of articles re-enqueued. */
  sweepNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Sweeps at start-up, then every `intervalMs`: the monthly partitions ahead are created where
 * missing, stuck articles get their job again and, with
 * `feeds`, feeds missing their Job Scheduler get it back (Redis lost while the process ran).
 */
export function startSweeper(
  rt: Runtime,
  opts: { stuckAfterMs: number; intervalMs: number; enabled: boolean; feeds?: boolean; logger?: Logger },
): Sweeper {
  const logger = opts.logger ?? rt.logger;
  let running: Promise<number> | null = null;
  let stopped = false;
  const sweepNow = (): Promise<number> => {
    running ??= (async () => {
      if (opts.feeds) {
        const restored = await restoreFeedSchedules(rt);
        if (restored > 0) logger.warn({ restored }, `restored ${restored} feed schedule(s) missing from Redis`);
      }
      // The monthly partitions stay MONTHS_AHEAD ahead while processes run for months (one catalog query when none is missing).
      const partitions = await ensureMonthPartitions(rt.db);
      if (partitions.created.length) logger.info({ created: partitions.created }, 'created monthly partitions');
      if (partitions.blocked.length) {
        logger.warn({ blocked: partitions.blocked }, 'monthly partitions not created: the default partition already holds rows of these months (see docs/SCALING.md)');
      }
      const n = await sweepStuck(rt, opts.stuckAfterMs);
      if (n > 0) logger.warn({ count: n }, `re-enqueued ${n} stuck article(s) (unfinished for over ${Math.round(opts.stuckAfterMs / 1000)} s with no job)`);
      return n;
    })()
      .catch((err: unknown) => {
        logger.warn({ err: errorMessage(err) }, 'sweep failed; trying again later');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  let timer: NodeJS.Timeout | undefined;
  if (opts.enabled) {
    void sweepNow();
    timer = setInterval(() => {
      if (!stopped) void sweepNow();
    }, opts.intervalMs);
    timer.unref();
  }
  return {
    sweepNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
