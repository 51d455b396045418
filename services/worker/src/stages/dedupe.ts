import { PermanentError } from '@newsline/core';
import { ArticlesRepository } from '@newsline/db';
import { dedupeArticle } from '../dedupe/dedupe-article.js';
import type { StageHandler } from './types.js';
import { statusFor } from './status.js';

/**
 * Exact (URL, normalised text) and near duplicates (MinHash bands verified on the text), then
 * the article's story. Duplicates stop here; originals go on to claims.
 */
export const dedupeStage: StageHandler<'dedupe'> = async (ctx, { articleId }) => {
  const articles = new ArticlesRepository(ctx.db);
  const article = await articles.get(articleId);
  if (!article) throw new PermanentError(`article ${articleId} does not exist`);
  const status = statusFor(article, 'dedupe');
  if (status === 'duplicate') return { result: 'duplicate (already)' };
  if (status === 'deduped') return { result: 'already deduped', articles: [{ articleId, status }] };
  if (status !== 'extracted') return { result: `skipped (status ${status})` };
  if (!article.text) throw new PermanentError(`article ${articleId} (${article.source_key}) has no text`);
  const text = article.text;
  // One transaction: the decision and the status commit together (a retry finds either both or neither).
  const result = await ctx.db.transaction().execute(async (trx) => {
    const r = await dedupeArticle(trx, {
      articleId,
      text,
      title: article.title,
      publishedAt: article.published_at,
      canonicalUrl: article.canonical_url,
    }, { counter: ctx.counterDb });
    await new ArticlesRepository(trx).update(articleId, { status: r.duplicateOf === null ? 'deduped' : 'duplicate' });
    return r;
  });
  if (result.duplicateOf !== null) return { result: `${result.reason} duplicate of ${result.duplicateOf}, story ${result.storyId}` };
  const replaced = result.replaced ? ` (published before ${result.replaced.id}, which is now its copy)` : '';
  return { result: `original${replaced}, story ${result.storyId}`, articles: [{ articleId, status: 'deduped' }] };
};
