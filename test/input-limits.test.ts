// Inputs that are not pages: binary bytes reach the pipeline by a fetch or by a stored copy, and
// fail for good with their reason after one attempt (no retries, no NUL bytes sent to Postgres).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticlesRepository } from '@newsline/db';
import { ingestArticle } from '@newsline/worker';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';
import { until } from './support/wait.js';

/** 202 KB of pseudo-random bytes, as a binary file served as HTML. */
function binaryBytes(n = 202 * 1024): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
  return b;
}

describe('binary input', () => {
  let p: TestPipeline;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/binary.html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(binaryBytes());
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    p = await openTestPipeline({ env: { FETCH_ALLOW_HOSTS: `127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await p?.close();
    await new Promise((r) => server.close(r));
  });

  const failedRow = (articleId: number) =>
    until('the article failed', async () => {
      const a = await p.rt.db.selectFrom('articles').select(['status', 'last_error', 'text']).where('id', '=', articleId).executeTakeFirst();
      return a?.status === 'failed' ? a : undefined;
    });

  // The article is marked failed inside the job; the job reaches the failed set just after.
  const failedJob = (queue: 'fetch' | 'extract', id: string) =>
    until(`job ${id} in the failed set`, async () => (await p.rt.queues.queue(queue).getFailed()).find((j) => j.id === id));

  it('a fetched binary page fails at fetch, once, with its reason', async () => {
    const url = `${base}/binary.html`;
    const { id } = await new ArticlesRepository(p.rt.db).insertIfNew({ source_key: url, url, status: 'discovered' });
    await p.rt.queues.enqueue('fetch', { articleId: id });
    const row = await failedRow(id);
    expect(row.last_error).toMatch(new RegExp(`^fetch: ${url.replace(/[.]/g, '\\.')}: binary content \\(\\d+ control bytes .*\\), not a text page$`));
    const job = await failedJob('fetch', `fetch-${id}`);
    expect(job.attemptsMade).toBe(1);
  });

  it('a stored binary page fails at extract, once, with its reason', async () => {
    const { articleId } = await ingestArticle(p.rt.db, p.rt.queues, { sourceKey: 'file:x/binary.html', html: binaryBytes().toString('latin1') });
    const row = await failedRow(articleId);
    expect(row.last_error).toMatch(new RegExp(`^extract: article ${articleId} \\(file:x/binary\\.html\\): binary content \\(\\d+ control bytes .*\\), not a text page$`));
    expect(row.text).toBeNull();
    const job = await failedJob('extract', `extract-${articleId}`);
    expect(job.attemptsMade).toBe(1);
  });
});
