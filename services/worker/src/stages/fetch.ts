import { gzipSync } from 'node:zlib';
import { PermanentError } from '@newsline/core';
import { ArticlesRepository } from '@newsline/db';
import { canonicalUrl } from '@newsline/dedupe';
import { decodeHtml } from '@newsline/extract';
import { FetchError } from '@newsline/fetch';
import type { StageHandler } from './types.js';
import { statusFor } from './status.js';

/** Fetches an article page (politely, robots.txt and SSRF guard in the client) and stores it raw. */
export const fetchStage: StageHandler<'fetch'> = async (ctx, { articleId }) => {
  const articles = new ArticlesRepository(ctx.db);
  const article = await articles.get(articleId);
  if (!article) throw new PermanentError(`article ${articleId} does not exist`);
  const status = statusFor(article, 'fetch');
  if (status !== 'discovered') {
    return { result: 'already fetched', articles: [{ articleId, status }] };
  }
  if (!article.url) throw new PermanentError(`article ${articleId} (${article.source_key}) has no URL to fetch`);
  let res;
  try {
    res = await ctx.http.fetch(article.url, { kind: 'page' });
  } catch (err) {
    // 404/410, robots, SSRF, too large: never going to work. Timeouts, 5xx, 429: retry.
    if (err instanceof FetchError && err.permanent) throw new PermanentError(err.message);
    throw err;
  }
  const html = decodeHtml(res.body, res.contentType, res.finalUrl);
  let finalCanonical: string | null = null;
  try {
    finalCanonical = canonicalUrl(res.finalUrl);
  } catch {
    finalCanonical = article.canonical_url;
  }
  await articles.update(articleId, {
    status: 'received',
    raw_html: gzipSync(html),
    final_url: res.finalUrl,
    fetch_status: res.status,
    fetch_headers: JSON.stringify(res.headers),
    fetched_at: new Date(),
    canonical_url: finalCanonical,
    last_error: null,
  });
  return { result: `fetched ${res.body.length} bytes (${res.redirects} redirects)`, articles: [{ articleId, status: 'received' }] };
};
