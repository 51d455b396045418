import { PermanentError } from '@newsline/core';
import { ArticlesRepository, ClaimsRepository } from '@newsline/db';
import { extractClaims, notAnalysedNote, toEvents } from '@newsline/claims';
import { detectLang } from '@newsline/extract';
import type { StageHandler } from './types.js';
import { claimsSeconds, timedSync } from '../metrics.js';
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
    await new ClaimsRepository(ctx.db).replaceForArticle(articleId, [], []);
    await articles.update(articleId, { status: 'claimed', claims_note: note, last_error: null });
    return { result: note };
  }
  const context = { publishedAt: article.published_at, aliases: ctx.aliases, language };
  let claims: ReturnType<typeof extractClaims>;
  let events: ReturnType<typeof toEvents>;
  try {
    claims = timedSync(claimsSeconds, () => extractClaims(text, context));
    events = toEvents(claims, context);
  } catch (err) {
    // a bug in the rules fails this article's job, named, instead of storing fewer claims without a word
    throw new PermanentError(`claims for article ${articleId} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  await new ClaimsRepository(ctx.db).replaceForArticle(
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
  await articles.update(articleId, { status: 'claimed', claims_note: null, last_error: null });
  return { result: `${claims.length} claims, ${events.length} event mentions` };
};
