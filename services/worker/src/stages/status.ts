import type { ArticleStatus } from '@newsline/db';

/** The status each article stage takes: an article in this status waits for that stage. */
export const STAGE_INPUT = {
  fetch: 'discovered',
  extract: 'received',
  dedupe: 'extracted',
  claims: 'deduped',
} as const satisfies Record<string, ArticleStatus>;

export type ArticleStage = keyof typeof STAGE_INPUT;
export const ARTICLE_STAGES = Object.keys(STAGE_INPUT) as ArticleStage[];

/**
 * What comes after a stage, decided in this one place: the stage an article in this status goes
 * to next (undefined for a final status: not an article, duplicate, claimed, failed). Pure.
 */
export function nextStage(status: ArticleStatus): ArticleStage | undefined {
  return ARTICLE_STAGES.find((s) => STAGE_INPUT[s] === status);
}

export function isArticleStage(name: string): name is ArticleStage {
  return Object.hasOwn(STAGE_INPUT, name);
}

/**
 * The status a stage acts on. A failed article counts as waiting for the stage it failed in, so
 * running that stage's job again (an operator's retry in Bull Board) really runs the stage
 * instead of skipping the article as "failed".
 */
export function statusFor(article: { status: ArticleStatus; failed_stage: string | null }, stage: ArticleStage): ArticleStatus {
  if (article.status === 'failed' && article.failed_stage === stage) return STAGE_INPUT[stage];
  return article.status;
}
