// Clean-up around Readability: before it, remove what is never the article (captions, credits,
// breadcrumbs, author boxes, hidden elements); after it, drop blocks that are not the story
// (share and subscribe lines, "Read more" / "Related" lines and "Also read: <headline>" pointers,
// date lines, sign-up consent lines, copyright and tip-line footers, loading placeholders,
// paragraphs repeated within the page).
import { HEADING_TAG, normSpace, textLength, type Block } from './text.js';

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

const COMMENTS = '#comments, #disqus_thread, .comments-area, .comment-list, .commentlist';

/** Removes, in place, elements that are never article text. */
export function preClean(doc: Document): void {
  for (const el of Array.from(doc.querySelectorAll(PRE_REMOVE))) {
    // a comment section goes whatever its size (readers' comments are often longer than the story)
    if (el.matches(COMMENTS)) {
      el.remove();
      continue;
    }
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
// a pointer to another story: "Also read: <headline>", "[Read more: ...]", "» Related Reading: ..."
const SEE_ALSO = /^[^\p{L}\p{N}]{0,4}(?:also read|read (?:more|also|next)|see also|related(?: reading| articles?| posts?| stories| story| content| links?| coverage| news| guides?)?|more on (?:the|this) topic|further reading)\s*:\s*\S/iu;
// a date line on its own: "Last updated: April 21, 2025", "Published on May 02, 2024 07:44 PM IST"
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE = `(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}|${MONTH},?\\s+\\d{4}|\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4})`;
const TIME = '(?:,?\\s*(?:at\\s+)?\\d{1,2}[:.]\\d{2}\\s*(?:[ap]\\.?m\\.?)?(?:\\s*[a-z]{2,4})?)?';
const DATELINE = new RegExp(`^(?:date\\s+)?(?:last\\s+)?(?:updated|reviewed|modified|published|posted)(?:\\s+(?:on|at))?\\s*:?\\s*(?:${DATE}${TIME})?\\.?$`, 'i');
const SHARE = /^(?:share(?: this| on| via)?(?: article| story| post)?|tweet|pin it|email this|print this|follow us(?: on)?|sign up(?: for)?|subscribe(?: to| now)?|join our (?:newsletter|mailing list)|get our newsletter|by signing up|click here to subscribe|copy link|link copied)/i;
const CREDIT = /^(?:\(?(?:image|photo|picture|video|illustration|graphic|cover image|header image)s?(?: credit| source| courtesy| by)?s?\s*[:©]|credit\s*:|photo by\b|image by\b|image via\b|(?:photo|image)s?\s*©)/i;
const COPYRIGHT = /(?:©|\(c\)|\bcopyright\b).{0,80}|all rights reserved/i;
// sign-up consent and thanks ("By clicking Sign Me Up, you agree to our Terms of Use")
const CONSENT = /\bby (?:signing up|subscribing|clicking|submitting|registering|entering)\b.{0,120}\b(?:agree|consent|confirm|accept)|^thanks? (?:you )?for (?:subscribing|signing up)/i;
const TIPLINE = /(?:have|got|send us) a (?:news )?tip|tips@|contact (?:us|our newsroom|the newsroom) (?:at|with)/i;
const LOADING = /^loading(?: \w+)?(?:\.\.\.|…)$/i;
const ADVERT = /^(?:advertisement|sponsored(?: content)?|ad)\b/i;
const AFFILIATE = /\b(?:affiliate|commissions?)\b/i;
const AFFILIATE_ACT = /\b(?:links?|purchases?|buy|earn|paid)\b/i;

function isJunk(b: Block): boolean {
  const t = b.text;
  const len = t.length;
  if (LOADING.test(t)) return true;
  if (len <= 60 && READ_MORE.test(t) && (len <= 25 || b.linkDensity > 0.5)) return true;
  if (len <= 200 && SEE_ALSO.test(t)) return true;
  if (len <= 80 && SHARE.test(t)) return true;
  if (len <= 80 && DATELINE.test(t)) return true;
  if (len <= 400 && CONSENT.test(t)) return true;
  if (len <= 200 && CREDIT.test(t)) return true;
  if (len <= 160 && COPYRIGHT.test(t) && !/[.!?]["”’]?\s+\p{Lu}/u.test(t.replace(/all rights reserved\.?/i, ''))) return true;
  if (len <= 200 && TIPLINE.test(t)) return true;
  if (/^about the authors?$/i.test(t)) return true;
  if (len <= 60 && ADVERT.test(t)) return true;
  // affiliate disclosures ("we may earn a commission when you buy through links")
  if (len <= 500 && AFFILIATE.test(t) && AFFILIATE_ACT.test(t)) return true;
  if (/\blorem ipsum\b/i.test(t)) return true;
  return false;
}

/** Drops blocks that are not the story, and paragraphs repeated within the page. */
export function cleanBlocks(blocks: Block[], ctx: { title: string | null }): Block[] {
  const out: Block[] = [];
  const seen = new Set<string>();
  const title = ctx.title ? normSpace(ctx.title).toLowerCase() : null;
  let headline = false;
  for (const b of blocks) {
    if (isJunk(b)) continue;
    const key = b.text.toLowerCase();
    // the headline repeated at the top (after a kicker or a date line, say), once
    if (!headline && out.length < 3 && title && key === title) {
      headline = true;
      continue;
    }
    if (key.length >= 25 && seen.has(key)) continue;
    seen.add(key);
    out.push(b);
  }
  return out;
}

// Words in class or id names that make Readability drop an element as an unlikely candidate,
// and the subset that really marks boilerplate.
const UNLIKELY_WORDS = /banner|breadcrumb|combx|comment|community|disqus|extra|footer|gdpr|header|legend|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|pagination|pager|popup|agegate/i;
const BOILERPLATE_WORDS = /breadcrumb|comment|disqus|footer|related|replies|sidebar|sponsor|social|share|promo|widget|banner|menu|popup|pagination|pager|newsletter|subscribe/i;

/**
 * Headings and paragraphs are content by their tag: Readability would drop one whose class merely
 * contains a word like "extra" or "header" (`leading-extra-tight`, `section-header`), so such class
 * and id names are moved aside (to data-class / data-id) unless they name boilerplate.
 */
export function protectContentTags(doc: Document): void {
  for (const el of Array.from(doc.querySelectorAll('h1, h2, h3, h4, h5, h6, p'))) {
    const cls = el.getAttribute('class') ?? '';
    const id = el.getAttribute('id') ?? '';
    const names = `${cls} ${id}`;
    if (!UNLIKELY_WORDS.test(names) || BOILERPLATE_WORDS.test(names)) continue;
    if (cls) {
      el.setAttribute('data-class', cls);
      el.removeAttribute('class');
    }
    if (id) {
      el.setAttribute('data-id', id);
      el.removeAttribute('id');
    }
  }
}

/** Class / id words of boxes inside an article that are not the story. */
const BOX_WORDS = /(?:^|[\s_-])(?:footer|promo|disclaimer|cta|footnotes|saboxplugin|button|popup|twitter-tweet|modal|byline|author|signup|banner|excerpt)(?:$|[\s_-])/i;
const wordCount = (t: string): number => (t.match(/[\p{L}\p{N}_]+/gu) ?? []).length;

/**
 * Page-level clean-up of the chosen article's blocks: blocks inside boxes named as boilerplate
 * (promo, disclaimer, call-to-action, footer, button, teaser excerpt, ...) unless that is much of the text;
 * short link lines that occur more than once ("Check price", "Get the recipe"); trailing
 * blocks that are mostly links (related lists, tag clouds after the story); and a trailing list
 * of teasers (linked headings with excerpts).
 */
export function pruneBlocks(blocks: Block[]): Block[] {
  const total = textLength(blocks);
  let out = blocks;
  const boxed = out.filter((b) => BOX_WORDS.test(b.context));
  if (boxed.length && textLength(boxed) <= 0.3 * total) {
    const drop = new Set(boxed);
    out = out.filter((b) => !drop.has(b));
  }
  const shortCounts = new Map<string, number>();
  for (const b of out) {
    if (wordCount(b.text) <= 4) shortCounts.set(b.text.toLowerCase(), (shortCounts.get(b.text.toLowerCase()) ?? 0) + 1);
  }
  out = out.filter((b) => !(b.linkDensity > 0.5 && wordCount(b.text) <= 4 && (shortCounts.get(b.text.toLowerCase()) ?? 0) >= 2));
  let end = out.length;
  while (end > 0 && out[end - 1]!.linkDensity > 0.8) end--;
  if (end >= out.length * 0.5) out = out.slice(0, end);
  return dropTeasers(out);
}

/**
 * A trailing run of at least three teasers (a linked heading, each followed by at most two
 * excerpt paragraphs) is a "more stories" list, not the story's end.
 */
export function dropTeasers(blocks: Block[]): Block[] {
  let end = blocks.length;
  let teasers = 0;
  while (end > 0) {
    let j = end;
    while (j > end - 2 && j > 0 && !HEADING_TAG.test(blocks[j - 1]!.tag) && blocks[j - 1]!.linkDensity < 0.5) j--;
    const head = blocks[j - 1];
    if (!head || !HEADING_TAG.test(head.tag) || head.linkDensity < 0.8) break;
    end = j - 1;
    teasers++;
  }
  return teasers >= 3 && end >= blocks.length * 0.3 ? blocks.slice(0, end) : blocks;
}
