import { sql } from 'kysely';
import { PermanentError } from '@newsline/core';
import { ArticlesRepository, StoriesRepository } from '@newsline/db';
import { contentHash } from '@newsline/dedupe';
import type { StageHandler } from './types.js';

/** Exact duplicates by normalised-content hash; every original gets a story. */
export const dedupeStage: StageHandler<'dedupe'> = async (ctx, { articleId }) => {
  return ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${articleId})`.execute(tx);
    const articles = new ArticlesRepository(tx);
    const article = await articles.get(articleId);
    if (!article) throw new PermanentError(`article ${articleId} does not exist`);
    if (article.status === 'duplicate') return { result: 'duplicate (already)' };
    if (article.status !== 'extracted') {
      const done = article.status === 'deduped';
      return { result: 'already deduped', next: done ? [{ queue: 'claims' as const, data: { articleId } }] : [] };
    }
    if (!article.text) throw new PermanentError(`article ${articleId} (${article.source_key}) has no text`);
    const hash = contentHash(article.text);
    const holder = await articles.claimContentHash(hash, articleId);
    if (holder !== articleId) {
      const original = await articles.get(holder);
      await articles.update(articleId, {
        status: 'duplicate',
        content_hash: hash,
        duplicate_of: holder,
        story_id: original?.story_id ?? null,
      });
      return { result: `duplicate of ${holder}` };
    }
    const seenAt = article.published_at ?? article.created_at;
    const stories = new StoriesRepository(tx);
    const storyId = article.story_id ?? (await stories.create(article.title, seenAt));
    if (article.story_id === null) await stories.addArticle(storyId, seenAt);
    await articles.update(articleId, { status: 'deduped', content_hash: hash, story_id: storyId });
    return { result: 'original', next: [{ queue: 'claims', data: { articleId } }] };
  });
};
