// A second article candidate, found the way the page's own markup names it: the first element
// whose class or id says "article body / post content / entry content" (or <article>, <main>),
// with boilerplate inside it (share bars, related lists, comments, newsletter boxes, author
// boxes) left out by class and id names; and the choice between it and Readability's blocks.
import { HEADING_TAG, normSpace, textLength, toBlocks, type Block } from './text.js';

const BOX_TAGS = new Set(['article', 'div', 'main', 'section']);
/** Class or id names (substrings) of an article body, most specific first. */
const BODY_NAMES =
  /post-text|post_text|post-body|post-entry|postentry|post-content|post_content|postcontent|article-text|articletext|entry-content|article-content|article__content|article-body|article__body|articlebody|page-content|text-content|body-text|article__container|art-content|story-body|storycontent|story-content|blog-content|single-content|rich-text|prose/i;
const MAIN_NAMES = /content-main|content_main|content-body|contentbody|content__body|main-content|maincontent/i;
const LEVELS = 5;

/**
 * How surely an element is the article body by its markup, 0 (itemprop="articleBody") to 4
 * (<main>), or -1. Names are tested with regular expressions in one pass over the page: a CSS
 * selector list this long is slow to match in linkedom.
 */
function bodyLevel(el: Element): number {
  const tag = el.tagName.toLowerCase();
  const box = BOX_TAGS.has(tag);
  if (box) {
    if (el.getAttribute('itemprop') === 'articleBody') return 0;
    const cls = el.getAttribute('class') ?? '';
    const id = el.getAttribute('id') ?? '';
    if (BODY_NAMES.test(cls) || BODY_NAMES.test(id)) return 1;
    if (tag === 'article') return 2;
    if (MAIN_NAMES.test(cls) || MAIN_NAMES.test(id) || id === 'content' || /(?:^|\s)content(?:\s|$)/.test(cls)) return 3;
  }
  if (tag === 'main' || el.getAttribute('role') === 'main') return 4;
  return -1;
}

/** Class / id words of elements inside the body that are not the story. */
const PRUNE_RE =
  /(?:^|[\s_-])(?:related|share|sharing|social|comments?|newsletter|subscribe|subscription|signup|promo|advert|advertisement|ads?|sponsor(?:ed)?|sidebar|widget|author-?bio|tags?|tag-?list|byline|post-?meta|entry-?meta|meta|footer|cookies?|popup|modal|recommend(?:ed|ations)?|read-?more|more-?stories|excerpt|toc|table-of-contents|pagination|breadcrumbs?)(?:$|[\s_-])/i;

/** Elements inside the body that are not the story (left out, the page is not changed). */
export function isBoilerplate(el: Element): boolean {
  const name = el.tagName.toLowerCase();
  if (name === 'aside' || name === 'footer' || name === 'form' || name === 'nav') return true;
  const words = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (words.length < 2 || !PRUNE_RE.test(words)) return false;
  // a wrapper holding much of the text stays
  return !(el.querySelectorAll('p').length > 5 && normSpace(el.textContent ?? '').length > 2000);
}

/** The page's own article container, boilerplate left out, as blocks (or none). */
export function containerBlocks(doc: Document, info?: { level: number }): Block[] {
  const byLevel: Element[][] = Array.from({ length: LEVELS }, () => []);
  for (const el of Array.from(doc.querySelectorAll('article, div, main, section, [role="main"]'))) {
    const level = bodyLevel(el);
    if (level >= 0) byLevel[level]!.push(el);
  }
  for (const [level, els] of byLevel.entries()) {
    // in page order: the outermost matching element with some text
    for (const el of els) {
      if (normSpace(el.textContent ?? '').length < 200) continue;
      const blocks = toBlocks(el, isBoilerplate);
      const chars = textLength(blocks);
      // a box of links (a list of teasers named like a body) is not the article
      const linkChars = blocks.reduce((n, b) => n + b.text.length * b.linkDensity, 0);
      if (chars >= 200 && linkChars <= 0.5 * chars) {
        if (info) info.level = level;
        return blocks;
      }
    }
  }
  return [];
}

/**
 * How much of `a`'s text is in blocks of `b` with the same text (`aInB`) and of `b`'s in `a`
 * (`bInA`), 0..1, by characters. Both come from the same page, so a paragraph both kept reads the same.
 */
export function overlap(a: readonly Block[], b: readonly Block[]): { aInB: number; bInA: number } {
  const share = (x: readonly Block[], y: readonly Block[]): number => {
    const texts = new Set(y.map((bl) => bl.text));
    let all = 0;
    let common = 0;
    for (const bl of x) {
      all += bl.text.length;
      if (texts.has(bl.text)) common += bl.text.length;
    }
    return all ? common / all : 0;
  };
  return { aInB: share(a, b), bInA: share(b, a) };
}

/**
 * Readability's blocks or the page's own article container's: the container when it holds all of
 * Readability's text and half as much again, the extra not mostly links (Readability kept only part
 * of a long story), or when it is most of Readability's text and nothing else (what Readability
 * added around it was boilerplate the container's pruning removed). Otherwise Readability's blocks,
 * with the container's paragraphs between them filled in when Readability's text lies inside it.
 */
export function chooseCandidate(main: Block[], cont: Block[]): Block[] {
  if (cont.length === 0) return main;
  if (main.length === 0) return cont;
  const { aInB: mainInCont, bInA: contInMain } = overlap(main, cont);
  const seen = new Set(main.map((b) => b.text));
  if (mainInCont >= 0.95 && contInMain <= 0.66) {
    let chars = 0;
    let linkChars = 0;
    for (const b of cont) {
      if (seen.has(b.text)) continue;
      chars += b.text.length;
      linkChars += b.text.length * b.linkDensity;
    }
    if (linkChars < 0.5 * chars) return cont;
  }
  if (contInMain >= 0.9 && mainInCont >= 0.6 && mainInCont <= 0.98) return cont;
  // Readability's text lies inside the container: take the container up to Readability's last
  // block, keeping Readability's blocks and the prose paragraphs its clean-up dropped (Readability's
  // few blocks outside the container go)
  if (mainInCont >= 0.9) {
    let first = -1;
    let last = -1;
    cont.forEach((b, i) => {
      if (seen.has(b.text)) {
        if (first < 0) first = i;
        last = i;
      }
    });
    if (first >= 0) {
      // the container's prose paragraphs before Readability's first block (a lead or standfirst
      // kept outside the element Readability chose), Readability's blocks and the prose between them
      const lead = cont.slice(0, first).filter((b) => b.linkDensity <= 0.3 && b.text.length >= 80 && !HEADING_TAG.test(b.tag));
      const span = cont.slice(first, last + 1).filter((b) => seen.has(b.text) || (b.linkDensity <= 0.3 && b.text.length >= 30));
      return [...lead, ...span];
    }
  }
  return main;
}
