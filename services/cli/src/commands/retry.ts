import { ArticlesRepository, FINAL_STATUSES } from '@newsline/db';
import { ARTICLE_STAGES, enqueueNextStages, isArticleStage, STAGE_INPUT, type Runtime } from '@newsline/worker';

export interface RetryOptions {
  article?: number;
  stage?: string;
  all?: boolean;
  /** Wait this long for the retried articles to finish (a running worker processes them); 0: do not wait. */
  waitMs?: number;
  pollMs?: number;
}

export interface RetryResult {
  retried: number[];
  skipped: { articleId: number; why: string }[];
  /** After waiting: article id -> final status (and error when failed again); unfinished ones are absent. */
  outcome: Map<number, { status: string; error: string | null }>;
  lines: string[];
}

/**
 * `newsline retry`: runs the failed stage of failed articles again, for real: the article goes
 * back to the status that stage takes and its job runs again with a fresh attempt budget.
 */
export async function retryCommand(rt: Runtime, opts: RetryOptions): Promise<RetryResult> {
  const chosen = [opts.article !== undefined, opts.stage !== undefined, Boolean(opts.all)].filter(Boolean).length;
  if (chosen !== 1) throw new Error('say what to retry: --article <id>, --stage <name> or --all');
  if (opts.stage !== undefined && !isArticleStage(opts.stage)) {
    throw new Error(`unknown stage ${JSON.stringify(opts.stage)}; stages that fail articles are ${ARTICLE_STAGES.join(', ')}`);
  }
  const articles = new ArticlesRepository(rt.db);
  const lines: string[] = [];
  const skipped: RetryResult['skipped'] = [];
  let targets: { id: number; failed_stage: string | null; last_error: string | null }[];
  if (opts.article !== undefined) {
    const a = await articles.get(opts.article);
    if (!a) throw new Error(`no article ${opts.article}`);
    if (a.status !== 'failed') throw new Error(`article ${opts.article} has not failed (status ${a.status}); nothing to retry`);
    targets = [{ id: a.id, failed_stage: a.failed_stage, last_error: a.last_error }];
  } else {
    targets = await articles.failed({ stage: opts.stage });
  }
  const retried: number[] = [];
  for (const t of targets) {
    const stage = t.failed_stage;
    if (!stage || !isArticleStage(stage)) {
      skipped.push({ articleId: t.id, why: `the stage it failed in is not recorded (${t.last_error ?? 'no error'})` });
      continue;
    }
    if (!(await articles.reopenFailed(t.id, STAGE_INPUT[stage]))) {
      skipped.push({ articleId: t.id, why: 'no longer failed (retried meanwhile)' });
      continue;
    }
    await enqueueNextStages(rt.queues, [{ articleId: t.id, status: STAGE_INPUT[stage] }]);
    retried.push(t.id);
  }
  lines.push(retried.length ? `Retrying ${retried.length} failed article(s) from the stage each failed in, with fresh attempts.` : 'No failed articles to retry.');
  for (const s of skipped) lines.push(`  skipped article ${s.articleId}: ${s.why}`);

  const outcome: RetryResult['outcome'] = new Map();
  if (retried.length && opts.waitMs) {
    const deadline = Date.now() + opts.waitMs;
    for (;;) {
      const rows = await articles.statuses(retried);
      for (const r of rows) if (FINAL_STATUSES.includes(r.status)) outcome.set(r.id, { status: r.status, error: r.last_error });
      if (outcome.size === retried.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
    }
    const by: Record<string, number> = {};
    for (const o of outcome.values()) by[o.status] = (by[o.status] ?? 0) + 1;
    lines.push(`Finished ${outcome.size} of ${retried.length}: ${Object.entries(by).map(([k, v]) => `${k}=${v}`).join(' ') || 'none yet'}`);
    for (const [id, o] of outcome) if (o.status === 'failed') lines.push(`  article ${id} failed again: ${o.error ?? ''}`);
    if (outcome.size < retried.length) lines.push(`${retried.length - outcome.size} still in the pipeline (is a worker running? \`newsline start\` or the worker service)`);
  } else if (retried.length) {
    lines.push('A running worker (`newsline start` or the worker service) processes them; `newsline status` shows the outcome.');
  }
  return { retried, skipped, outcome, lines };
}
