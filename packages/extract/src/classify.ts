import type { MetaCandidates } from './metadata.js';
import type { Block } from './text.js';

export interface ClassifyInput {
  text: string;
  blocks: readonly Block[];
  candidates: MetaCandidates;
  url: string | null;
  h1Count: number;
}

/** Null when the page reads as an article; else why not (empty shell, index page, video page). */
export function notArticleReason(p: ClassifyInput): string | null {
  const chars = p.text.replace(/\s+/g, ' ').length;
  if (chars === 0) return 'no article text found';
  if (chars < 120) return 'empty shell: too little text';
  return null;
}
