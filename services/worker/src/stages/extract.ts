import { PermanentError } from '@newsline/core';
import { ArticlesRepository } from '@newsline/db';
import { decodeStoredPage, ExtractError } from '@newsline/extract';
import type { StageHandler } from './types.js';
import { statusFor } from './status.js';

/** HTML -> article text and metadata. */
export const extractStage: StageHandler<'extract'> = async (ctx, { articleId }) => {
  const articles = new ArticlesRepository(ctx.db);
  const article = await articles.getWithPage(articleId);
  if (!article) throw new PermanentError(`article ${articleId} does not exist`);
  const status = statusFor(article, 'extract');
  if (status !== 'received') return { result: 'already extracted', articles: [{ articleId, status }] };
  if (!article.raw_html) throw new PermanentError(`article ${articleId} (${article.source_key}) has no stored page`);
  // Unpacked within the page limit; a binary page fails for good (BinaryContentError is permanent).
  const html = decodeStoredPage(article.raw_html, `article ${articleId} (${article.source_key})`);
  let out;
  try {
    out = await ctx.extract(html, {
      url: article.final_url ?? article.url,
      feedPublishedAt: article.published_at ? article.published_at.toISOString() : null,
      name: `article ${articleId} (${article.source_key})`,
    });
  } catch (err) {
    // A page over the size limit, or over the time limit in its own CPU time, will be over it next
    // time too. One whose thread waited for a core ('overloaded') is retried like any other fault.
    if (err instanceof ExtractError && (err.kind === 'timeout' || err.kind === 'too-large')) throw new PermanentError(err.message);
    throw err;
  }
  if (!out.isArticle) {
    await articles.update(articleId, { status: 'not_article', last_error: out.notArticleReason, title: out.title ?? article.title });
    return { result: 'not an article' };
  }
  await articles.update(articleId, {
    status: 'extracted',
    text: out.text,
    title: out.title ?? article.title,
    byline: out.byline ?? article.byline,
    published_at: out.publishedAt ?? article.published_at,
    modified_at: out.modifiedAt,
    language: out.lang ?? article.language,
    canonical_url: out.canonicalUrl ?? article.canonical_url,
    publisher: article.publisher ?? out.siteName,
    last_error: null,
  });
  return { result: 'extracted', articles: [{ articleId, status: 'extracted' }] };
};
