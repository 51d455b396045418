import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ArticlesRepository, type ArticleStatus } from '@newsline/db';
import type { JobQueues } from '@newsline/queue';
import type { Db } from '@newsline/db';
import { isArticleStage, STAGE_INPUT } from './stages/status.js';
import { enqueueNextStages } from './chain.js';

/** One article to bring into the pipeline: plain text (enters at dedupe) or HTML (enters at extract). */
export interface ArticleInput {
  /** Identity of the input; the same key is the same article (e.g. `file:seeds/000.txt`, a canonical URL). */
  sourceKey: string;
  url?: string | null;
  canonicalUrl?: string | null;
  title?: string | null;
  byline?: string | null;
  publisher?: string | null;
  /** ISO date or date-time. */
  publishedAt?: string | null;
  language?: string | null;
  text?: string | null;
  html?: string | null;
}

export interface IngestResult {
  articleId: number;
  created: boolean;
  status: ArticleStatus;
}

// Compressed on libuv's thread pool: the event loop goes on serving the workers meanwhile.
const gzipAsync = promisify(gzip);

/**
 * Stores the article unless it is already stored, then makes sure its next stage has a job. For
 * an article stored earlier whose processing was cut short, the next stage runs again (a job
 * still queued under its deterministic id is not doubled; a finished one is not trusted). A
 * failed article goes back to the stage it failed in, with a fresh attempt budget.
 */
export async function ingestArticle(db: Db, queues: JobQueues, input: ArticleInput): Promise<IngestResult> {
  const hasHtml = typeof input.html === 'string' && input.html.length > 0;
  const hasText = typeof input.text === 'string' && input.text.trim().length > 0;
  if (!hasHtml && !hasText) throw new Error(`${input.sourceKey}: no text and no HTML`);
  const publishedAt = input.publishedAt ? new Date(input.publishedAt) : null;
  if (publishedAt && Number.isNaN(publishedAt.getTime())) {
    throw new Error(`${input.sourceKey}: publishedAt ${JSON.stringify(input.publishedAt)} is not a date`);
  }
  const articles = new ArticlesRepository(db);
  const inserted = await articles.insertIfNew({
    source_key: input.sourceKey,
    url: input.url ?? null,
    canonical_url: input.canonicalUrl ?? null,
    title: input.title ?? null,
    byline: input.byline ?? null,
    publisher: input.publisher ?? null,
    published_at: publishedAt,
    language: input.language ?? null,
    status: hasHtml ? 'received' : 'extracted',
    raw_html: hasHtml ? await gzipAsync(input.html as string) : null,
    text: hasHtml ? null : (input.text as string),
  });
  const { id, created } = inserted;
  let status = inserted.status;
  if (status === 'failed' && inserted.failedStage && isArticleStage(inserted.failedStage)) {
    const reopened = STAGE_INPUT[inserted.failedStage];
    if (await articles.reopenFailed(id, reopened)) status = reopened;
  }
  await enqueueNextStages(queues, [{ articleId: id, status }]);
  return { articleId: id, created, status };
}
