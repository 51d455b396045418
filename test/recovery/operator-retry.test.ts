import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAliases } from '@newsline/claims';
import { buildDashboard } from '@newsline/dashboard';
import { ingestArticle, startWorkers, type RunningWorkers } from '@newsline/worker';
import { retryCommand } from '../../services/cli/src/commands/retry.js';
import { openTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { until } from '../support/wait.js';

const TEXTS = [
  'Officials said on Monday that 40 people were rescued from the flooded valley. "We reached everyone," the fire chief said.',
  'The central bank raised its main interest rate to 5 percent on Thursday, the governor told reporters in the capital.',
  'A new bridge over the northern river opened to traffic after six years of work, the transport minister announced.',
  'Farmers in the south expect the wheat harvest to fall by a third after the drought, their association said in a statement.',
];

describe('an operator retrying failed articles', () => {
  let p: TestPipeline;
  let workers: RunningWorkers | null = null;
  beforeAll(async () => {
    p = await openTestPipeline({ workers: false });
  });
  afterAll(async () => {
    await workers?.close(5000);
    await p?.close();
  });

  const article = (id: number) =>
    p.rt.db.selectFrom('articles').select(['id', 'status', 'failed_stage', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();

  it('fails articles once on a deterministic database error, then re-runs the failed stage from Bull Board, `newsline retry` and a replay', { timeout: 120_000 }, async () => {
    // A constraint of ours that the claims stage's write breaks, every time.
    await sql`alter table articles add constraint no_claims_yet check (status <> 'claimed')`.execute(p.rt.db);
    workers = await startWorkers(p.rt, { aliases: loadAliases(), sweep: false });
    const ids: number[] = [];
    for (let k = 0; k < 3; k++) ids.push((await ingestArticle(p.rt.db, p.rt.queues, { sourceKey: `retry-${k}`, text: TEXTS[k]! })).articleId);
    for (const id of ids) await until(`article ${id} failed`, async () => (await article(id)).status === 'failed');
    for (const id of ids) {
      const a = await article(id);
      expect(a.failed_stage).toBe('claims');
      expect(a.last_error).toMatch(/^claims: .*no_claims_yet/);
      // A deterministic error is permanent: one attempt, not five.
      const job = (await p.rt.queues.queue('claims').getJob(`claims-${id}`))!;
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
    }
    await workers.close(5000);
    workers = null;
    await sql`alter table articles drop constraint no_claims_yet`.execute(p.rt.db);

    // 1. Bull Board's Retry button: a fresh attempt budget, and the stage really runs.
    const app = await buildDashboard({ queues: p.rt.queues, host: '127.0.0.1', port: 0, db: p.rt.db });
    const res = await app.inject({ method: 'PUT', url: `/queues/api/queues/claims/claims-${ids[0]}/retry` });
    expect(res.statusCode).toBe(204);
    await app.close();
    const retried = (await p.rt.queues.queue('claims').getJob(`claims-${ids[0]}`))!;
    expect(await retried.getState()).toBe('waiting');
    expect(retried.attemptsMade).toBe(0);

    // 2. `newsline retry --article`: the database and the job both go back to the claims stage.
    const r = await retryCommand(p.rt, { article: ids[1] });
    expect(r.retried).toEqual([ids[1]]);
    expect((await article(ids[1]!)).status).toBe('deduped');
    await expect(retryCommand(p.rt, { article: ids[1] })).rejects.toThrow(/has not failed \(status deduped\)/);

    // 3. Replaying the same input re-enqueues the failed article.
    const again = await ingestArticle(p.rt.db, p.rt.queues, { sourceKey: 'retry-2', text: TEXTS[2]! });
    expect(again).toMatchObject({ articleId: ids[2], created: false, status: 'deduped' });

    workers = await startWorkers(p.rt, { aliases: loadAliases(), sweep: false });
    for (const id of ids) await until(`article ${id} claimed`, async () => (await article(id)).status === 'claimed', 30_000);
    const claims = await p.rt.db.selectFrom('claims').select('article_id').where('article_id', 'in', ids).execute();
    expect(new Set(claims.map((c) => c.article_id))).toEqual(new Set(ids));
    // Nothing is left in the failed set: the dashboard and the database agree.
    expect(await p.rt.queues.queue('claims').getFailedCount()).toBe(0);
  });

  it('retries every failure of a stage, or all, and says what it could not retry', async () => {
    await expect(retryCommand(p.rt, {})).rejects.toThrow(/--article <id>, --stage <name> or --all/);
    await expect(retryCommand(p.rt, { stage: 'parse' })).rejects.toThrow(/unknown stage "parse"/);
    const { articleId } = await ingestArticle(p.rt.db, p.rt.queues, { sourceKey: 'legacy-failure', text: TEXTS[3]! });
    await until('claimed', async () => (await article(articleId)).status === 'claimed', 30_000);
    // A failure recorded without its stage cannot be placed.
    await p.rt.db.updateTable('articles').set({ status: 'failed', failed_stage: null, last_error: 'mystery' }).where('id', '=', articleId).execute();
    const r = await retryCommand(p.rt, { all: true });
    expect(r.retried).toEqual([]);
    expect(r.skipped).toEqual([{ articleId, why: 'the stage it failed in is not recorded (mystery)' }]);
    // With its stage recorded, `--stage` finds it and the retry waits for the outcome.
    await p.rt.db.updateTable('articles').set({ failed_stage: 'dedupe' }).where('id', '=', articleId).execute();
    expect((await retryCommand(p.rt, { stage: 'claims' })).retried).toEqual([]);
    const done = await retryCommand(p.rt, { stage: 'dedupe', waitMs: 30_000 });
    expect(done.retried).toEqual([articleId]);
    expect(done.outcome.get(articleId)?.status).toMatch(/^(claimed|duplicate)$/);
  });
});
