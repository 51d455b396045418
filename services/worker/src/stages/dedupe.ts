import { PermanentError } from '@newsline/core';
import { ArticlesRepository } from '@newsline/db';
import { dedupeArticle } from '../dedupe/dedupe-article.js';
import type { StageHandler, StageOutcome } from './types.js';
import { statusFor } from './status.js';

/**
 * Exact (URL, normalised text) and near duplicates (MinHash bands verified on the text), then
 * the article's story. Duplicates stop here; originals go on to claims.
 */
export const dedupeStage: StageHandler<'dedupe'> = async (ctx, { articleId }) => {
  // One transaction: the article read, the decision and the status commit together (a retry
  // finds either both or neither); the status goes in the statement that stores the decision.
  return ctx.db.transaction().execute(async (trx): Promise<StageOutcome> => {
    const article = await new ArticlesRepository(trx).get(articleId);
    if (!article) throw new PermanentError(`article ${articleId} does not exist`);
    const status = statusFor(article, 'dedupe');
    if (status === 'duplicate') return { result: 'duplicate (already)' };
    if (status === 'deduped') return { result: 'already deduped', articles: [{ articleId, status }] };
    if (status !== 'extracted') return { result: `skipped (status ${status})` };
    if (!article.text) throw new PermanentError(`article ${articleId} (${article.source_key}) has no text`);
    const r = await dedupeArticle(
      trx,
      { articleId, text: article.text, title: article.title, publishedAt: article.published_at, canonicalUrl: article.canonical_url },
      { counter: ctx.counterDb, row: article, setStatus: true },
    );
    if (r.duplicateOf !== null) return { result: `${r.reason} duplicate of ${r.duplicateOf}, story ${r.storyId}` };
    const replaced = r.replaced ? ` (published before ${r.replaced.id}, which is now its copy)` : '';
    return { result: `original${replaced}, story ${r.storyId}`, articles: [{ articleId, status: 'deduped' }] };
  });
};
