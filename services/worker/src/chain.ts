import type { ArticleStatus } from '@newsline/db';
import type { EnsureResult, JobQueues } from '@newsline/queue';
import { nextStage, type ArticleStage } from './stages/status.js';

/** An article and the status it is in now: its next stage follows from the status (nextStage). */
export interface ArticleProgress {
  articleId: number;
  status: ArticleStatus;
}

/**
 * The one place that enqueues an article's next stage: after a job (the runner), for an article
 * brought in (ingest, replay), put back (retry) or found stuck (the sweeper). A job still queued
 * under its deterministic id is not doubled; a finished one under the same id is stale (the
 * database says the stage is still to run), so it runs again instead of being trusted.
 */
export async function enqueueNextStages(queues: JobQueues, articles: ArticleProgress[]): Promise<EnsureResult> {
  const byStage = new Map<ArticleStage, { articleId: number }[]>();
  for (const a of articles) {
    const stage = nextStage(a.status);
    if (!stage) continue;
    const items = byStage.get(stage) ?? [];
    items.push({ articleId: a.articleId });
    byStage.set(stage, items);
  }
  const total: EnsureResult = { added: 0, rerun: 0, pending: 0 };
  for (const [stage, items] of byStage) {
    const r = await queues.ensureMany(stage, items);
    total.added += r.added;
    total.rerun += r.rerun;
    total.pending += r.pending;
  }
  return total;
}
