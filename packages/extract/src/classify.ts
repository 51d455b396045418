// Is this page an article? Empty shells, index (listing) pages and video pages are recognised
// and marked, so that later stages do not take their text for a story.
import type { MetaCandidates } from './metadata.js';
import { textLength, type Block } from './text.js';

export interface ClassifyInput {
  text: string;
  blocks: readonly Block[];
  candidates: MetaCandidates;
  url: string | null;
  h1Count: number;
  ogType?: string | null;
  /** The whole page before extraction: links, and text inside and outside them. */
  page?: { links: number; linkChars: number; chars: number };
}

const ARTICLE_LD = /Article|BlogPosting|Report|Posting|Review|Recipe|HowTo/;

/** Null when the page reads as an article; else why not. */
export function notArticleReason(p: ClassifyInput): string | null {
  const chars = p.text.replace(/\s+/g, ' ').length;
  const pg = p.page;
  const hasProse = p.blocks.some((b) => b.text.length >= 120 && b.linkDensity < 0.3);
  if (pg && chars < 1000 && !hasProse && pg.links >= 15 && pg.linkChars / Math.max(1, pg.chars) > 0.5) return 'index page: mostly links to other pages';
  if (chars === 0) return 'empty page: no article text found';
  const ldArticle = p.candidates.ldTypes.some((t) => ARTICLE_LD.test(t));
  const ogType = (p.ogType ?? '').toLowerCase();
  // prose: paragraphs of some length that are mostly not links
  const prose = p.blocks.filter((b) => b.text.length >= 120 && b.linkDensity < 0.3);
  const proseChars = textLength(prose);
  if (chars < 200 && !ldArticle) return 'empty shell: too little text';
  const video = p.candidates.ldTypes.includes('VideoObject') || ogType.startsWith('video');
  if (video && !ldArticle && proseChars < 600) return 'video page: little text besides the video';
  const allChars = textLength(p.blocks) || 1;
  const linkChars = p.blocks.reduce((n, b) => n + b.text.length * b.linkDensity, 0);
  if (!ldArticle && prose.length < 3 && linkChars / allChars > 0.5 && p.blocks.length >= 8) return 'index page: mostly links to other pages';
  if (!ldArticle && ogType === 'website' && p.url && /^https?:\/\/[^/]+\/?$/.test(p.url) && proseChars < 1000) return 'index page: a site front page';
  return null;
}
