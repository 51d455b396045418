import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestArticle } from '@newsline/worker';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';
import { until } from './support/wait.js';

describe('jobs that can never succeed', () => {
  let p: TestPipeline;
  beforeAll(async () => {
    p = await openTestPipeline();
  });
  afterAll(async () => {
    await p?.close();
  });

  it('go to the failed set with their reason after one attempt', async () => {
    await p.rt.queues.enqueue('claims', { articleId: 987654 });
    const job = await until('the failed job', async () => {
      const failed = await p.rt.queues.queue('claims').getFailed();
      return failed.find((j) => j.id === 'claims-987654');
    });
    expect(job.failedReason).toBe('article 987654 does not exist');
    expect(job.attemptsMade).toBe(1);
    const latest = await p.rt.queues.latestFailures(5);
    expect(latest[0]).toMatchObject({ queue: 'claims', id: 'claims-987654', reason: 'article 987654 does not exist' });
  });

  it('mark the article failed with the stage and reason', async () => {
    const { articleId } = await ingestArticle(p.rt.db, p.rt.queues, { sourceKey: 'empty-after-all', text: 'placeholder' });
    await until('the article claimed', async () => ((await p.rt.db.selectFrom('articles').select('status').where('id', '=', articleId).executeTakeFirst())?.status === 'claimed' ? true : undefined));
    // Force an article into a state the dedupe stage cannot work with, then run the stage on it.
    await p.rt.db.updateTable('articles').set({ status: 'extracted', text: null }).where('id', '=', articleId).execute();
    await p.rt.queues.queue('dedupe').remove(`dedupe-${articleId}`);
    await p.rt.queues.enqueue('dedupe', { articleId });
    const row = await until('the article failed', async () => {
      const a = await p.rt.db.selectFrom('articles').select(['status', 'last_error']).where('id', '=', articleId).executeTakeFirst();
      return a?.status === 'failed' ? a : undefined;
    });
    expect(row.last_error).toBe(`dedupe: article ${articleId} (empty-after-all) has no text`);
  });
});
