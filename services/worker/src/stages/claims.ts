import { PermanentError } from '@newsline/core';
import { ArticlesRepository, ClaimsRepository } from '@newsline/db';
import { ClaimsPoolError, notAnalysedNote } from '@newsline/claims';
import { detectLang } from '@newsline/extract';
import type { StageHandler } from './types.js';
import { claimsSeconds } from '../metrics.js';
import { statusFor } from './status.js';

/** Text -> claims (speaker, cue, content, figures) and the normalized events they mention. */
export const claimsStage: StageHandler<'claims'> = async (ctx, { articleId }) => {
  const articles = new ArticlesRepository(ctx.db);
  const article = await articles.get(articleId);
  if (!article) throw new PermanentError(`article ${articleId} does not exist`);
  const status = statusFor(article, 'claims');
  if (status === 'claimed') return { result: 'already claimed' };
  if (status !== 'deduped') return { result: `skipped (status ${status})` };
  const text = article.text ?? '';
  // The rules are written for English: an article in another language gets no claims, and a note the reader sees.
  const language = article.language ?? detectLang(text);
  const note = notAnalysedNote(language);
  if (note) {
    const stored = await new ClaimsRepository(ctx.db).storeForDedupedArticle(articleId, [], [], note);
    return { result: stored ? note : 'already claimed (by another run)' };
  }
  // In a worker thread (the claims pool): the event loop stays free for the other jobs.
  const end = claimsSeconds.startTimer();
  let extracted: Awaited<ReturnType<typeof ctx.claims>>;
  try {
    extracted = await ctx.claims(
      { text, publishedAt: article.published_at ? article.published_at.toISOString() : null, language },
      `article ${articleId} (${article.source_key})`,
    );
  } catch (err) {
    // a bug in the rules (or a thread over its time limit in CPU) fails this article's job, named,
    // instead of storing fewer claims without a word; a thread that waited for a core
    // ('overloaded'), a crashed thread or a closing pool is retried
    if (err instanceof ClaimsPoolError && (err.kind === 'failed' || err.kind === 'timeout')) throw new PermanentError(`claims for article ${articleId} failed: ${err.message}`);
    throw err;
  } finally {
    end();
  }
  const { claims, events } = extracted;
  // The claims, their events and the status 'claimed' in one transaction (the status change is the article's lock).
  const stored = await new ClaimsRepository(ctx.db).storeForDedupedArticle(
    articleId,
    claims.map((c) => ({
      speaker: c.speaker,
      speaker_start: c.speakerStart,
      speaker_end: c.speakerEnd,
      cue: c.cue,
      cue_start: c.cueStart,
      cue_end: c.cueEnd,
      content: c.text,
      start: c.start,
      end: c.end,
      claimed_at: c.claimedAt,
      quantities: c.quantities.map((q) => ({
        value: q.value,
        low: q.low,
        high: q.high,
        qualifier: q.qualifier,
        subject: q.subject,
        text: q.text,
        start: q.start,
        end: q.end,
      })),
    })),
    events.map((e) => ({
      claimIndex: e.claimIndex,
      start: e.start,
      end: e.end,
      event: {
        key: e.key,
        kind: e.kind,
        actor: e.actor,
        subject: e.subject,
        place: e.place,
        value: e.value,
        low: e.low,
        high: e.high,
        qualifier: e.qualifier,
        occurred_on: e.occurredOn,
        content: e.content,
      },
    })),
  );
  if (!stored) return { result: 'already claimed (by another run)' };
  return { result: `${claims.length} claims, ${events.length} event mentions` };
};
