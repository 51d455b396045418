// Clean-up around Readability: before it, remove what is never the article (captions, credits,
// breadcrumbs, author boxes, hidden elements); after it, drop blocks that are not the story
// (share and subscribe lines, "Read more" / "Related" lines, copyright and tip-line footers,
// loading placeholders, paragraphs repeated within the page).
import type { Block } from './text.js';
import { normSpace } from './text.js';

const PRE_REMOVE = [
  'figcaption',
  '[hidden]',
  '[aria-hidden="true"]',
  '[style*="display:none" i]',
  '[style*="display: none" i]',
  '[class*="breadcrumb" i]',
  '[id*="breadcrumb" i]',
  '[class*="author-box" i]',
  '[class*="authorbox" i]',
  '[class*="author-bio" i]',
  '[class*="about-author" i]',
  '[class*="author-info" i]',
  '[class*="author-card" i]',
  '[class*="caption" i]',
  '[class*="credit" i]',
  '[class*="sharedaddy" i]',
  '[class*="share-buttons" i]',
  '[class*="social-share" i]',
  '[class*="sr-only" i]',
  '[class*="visually-hidden" i]',
  '[class*="screen-reader" i]',
  '#comments',
  '.comments-area',
  '.comment-list',
  '.commentlist',
  '#disqus_thread',
  '[class*="comments-section" i]',
  'dialog',
  '[role="dialog"]',
  'nav',
  '[role="navigation"]',
].join(', ');

/** Removes, in place, elements that are never article text. */
export function preClean(doc: Document): void {
  for (const el of Array.from(doc.querySelectorAll(PRE_REMOVE))) {
    // a class like "has-caption" on a big wrapper must not take the article with it
    if (el.tagName.toLowerCase() !== 'figcaption' && !el.matches('[hidden], [aria-hidden="true"], dialog, [role="dialog"], nav, [role="navigation"]')) {
      const len = normSpace(el.textContent ?? '').length;
      if (len > 400) continue;
    } else if (el.matches('nav, [role="navigation"], [aria-hidden="true"], [hidden]')) {
      // a <nav> or hidden wrapper around the whole page (some themes do this) stays
      if ((el.querySelectorAll('p').length ?? 0) > 5) continue;
    }
    el.remove();
  }
}

const READ_MORE = /^(?:read more|read next|read also|also read|see also|related(?: articles| posts| stories| content| reading)?|more from|recommended(?: for you)?|you may also like|you might also like|keep reading|continue reading|back to top|↑\s*back to top|more:|related:)\b[\s:»›>→.…-]*/i;
const SHARE = /^(?:share(?: this| on| via)?(?: article| story| post)?|tweet|pin it|email this|print this|follow us(?: on)?|sign up(?: for)?|subscribe(?: to| now)?|join our (?:newsletter|mailing list)|get our newsletter|by signing up|click here to subscribe|copy link|link copied)/i;
const CREDIT = /^(?:\(?(?:image|photo|picture|video|illustration|graphic|cover image|header image)s?(?: credit| source| courtesy| by)?s?\s*[:©]|credit\s*:|photo by\b|image by\b|image via\b|(?:photo|image)s?\s*©)/i;
const COPYRIGHT = /(?:©|\(c\)|\bcopyright\b).{0,80}|all rights reserved/i;
const TIPLINE = /(?:have|got|send us) a (?:news )?tip|tips@|contact (?:us|our newsroom|the newsroom) (?:at|with)/i;
const LOADING = /^loading(?: \w+)?(?:\.\.\.|…)$/i;

function isJunk(b: Block): boolean {
  const t = b.text;
  const len = t.length;
  if (LOADING.test(t)) return true;
  if (len <= 60 && READ_MORE.test(t) && (len <= 25 || b.linkDensity > 0.5)) return true;
  if (len <= 80 && SHARE.test(t)) return true;
  if (len <= 200 && CREDIT.test(t)) return true;
  if (len <= 160 && COPYRIGHT.test(t) && !/[.!?]["”’]?\s+\p{Lu}/u.test(t.replace(/all rights reserved\.?/i, ''))) return true;
  if (len <= 200 && TIPLINE.test(t)) return true;
  if (/^about the authors?$/i.test(t)) return true;
  return false;
}

/** Drops blocks that are not the story, and paragraphs repeated within the page. */
export function cleanBlocks(blocks: Block[], ctx: { title: string | null; lead: Block[] }): Block[] {
  const out: Block[] = [];
  const seen = new Set<string>();
  const title = ctx.title ? normSpace(ctx.title).toLowerCase() : null;
  for (const b of blocks) {
    if (isJunk(b)) continue;
    const key = b.text.toLowerCase();
    // the headline repeated as the first block
    if (out.length === 0 && title && key === title) continue;
    if (key.length >= 25 && seen.has(key)) continue;
    seen.add(key);
    out.push(b);
  }
  return out;
}

/** Lead paragraphs Readability may drop: none recovered yet. */
export function recoverLead(_doc: Document): Block[] {
  return [];
}
