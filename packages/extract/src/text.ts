// Article element -> blocks of text (paragraphs, headings, list items, table rows), each with
// the tag it came from, so the clean-up rules can judge them.

export interface Block {
  text: string;
  /** p, h1..h6, li, tr, blockquote, pre, figcaption, div, ... */
  tag: string;
  /** Lower-cased class and id names of the block and its ancestors inside the article. */
  context: string;
  /** Share of the block's text that is inside links (0..1). */
  linkDensity: number;
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'html', 'caption',
]);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'option', 'textarea', 'input', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'picture', 'img', 'source', 'head', 'title', 'meta', 'link']);
const OWN_BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'pre', 'figcaption', 'dt', 'dd', 'caption', 'summary']);

/** Characters of text in blocks. */
/** A heading block's tag. */
export const HEADING_TAG = /^h[1-6]$/;

export const textLength = (blocks: readonly Block[]): number => blocks.reduce((n, b) => n + b.text.length, 0);

export const normSpace = (s: string): string => s.replace(/\u200b|\u200c|\u200d|\ufeff/g, '').replace(/[\s\u00a0]+/g, ' ').trim();

// cp1252 bytes 0x80-0x9f that are printable characters (the others stand for themselves)
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const MOJIBAKE_RE = /[\u00c2-\u00f4][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{1,3}/g;
const MOJIBAKE_HINT = /[\u00c2-\u00f4][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function cp1252Byte(ch: string): number {
  const c = ch.charCodeAt(0);
  // latin-1 (C1 controls included: text decoded as latin-1 rather than cp1252 keeps them)
  if (c <= 0xff) return c;
  const i = CP1252_HIGH.indexOf(ch);
  return i >= 0 ? 0x80 + i : -1;
}

/**
 * Repairs UTF-8 text that was decoded as cp1252 / latin-1 somewhere before it reached the page
 * ("canâ€™t", "1.Â Â Myth"): each such sequence that is valid UTF-8 once turned back into bytes
 * is decoded again. Text without such sequences is returned as is.
 */
export function fixMojibake(s: string): string {
  if (!MOJIBAKE_HINT.test(s)) return s;
  return s.replace(MOJIBAKE_RE, (m) => {
    const bytes: number[] = [];
    for (const ch of m) {
      const b = cp1252Byte(ch);
      if (b < 0) return m;
      bytes.push(b);
    }
    // the lead byte says how long the sequence is; take exactly that many
    const lead = bytes[0]!;
    const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (bytes.length < len) return m;
    try {
      const fixed = utf8.decode(Uint8Array.from(bytes.slice(0, len)));
      // only what such damage usually hides: Latin letters, punctuation and symbols, emoji
      const cp = fixed.codePointAt(0) ?? 0;
      if (!((cp >= 0xa0 && cp <= 0x24f) || (cp >= 0x2000 && cp <= 0x2bff) || cp >= 0x1f000)) return m;
      return fixed + [...m].slice(len).join('');
    } catch {
      return m;
    }
  });
}

/** Splits an element into text blocks in document order, leaving out subtrees `skip` names. */
export function toBlocks(root: Element, skip?: (el: Element) => boolean): Block[] {
  const blocks: Block[] = [];
  let buf = '';
  let linkChars = 0;
  let curTag = 'div';
  let curCtx = '';
  const flush = (): void => {
    const text = normSpace(fixMojibake(buf));
    if (text) blocks.push({ text, tag: curTag, context: curCtx, linkDensity: Math.min(1, linkChars / Math.max(1, text.length)) });
    buf = '';
    linkChars = 0;
  };
  const walk = (node: Node, ctx: string, tag: string, inLink: boolean): void => {
    if (node.nodeType === 3) {
      const t = node.nodeValue ?? '';
      if (!buf) {
        curTag = tag;
        curCtx = ctx;
      }
      buf += t;
      if (inLink) linkChars += normSpace(t).length;
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const name = el.tagName.toLowerCase();
    if (SKIP_TAGS.has(name)) return;
    if (el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') return;
    if (skip && el !== root && skip(el)) return;
    if (name === 'br') {
      flush();
      return;
    }
    const isBlock = BLOCK_TAGS.has(name);
    const own = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase().trim();
    const childCtx = own ? `${ctx} ${own}` : ctx;
    const childTag = OWN_BLOCK.has(name) ? name : tag;
    if (isBlock) flush();
    if (name === 'li' || name === 'dd' || name === 'dt') {
      curTag = name;
      curCtx = childCtx;
    }
    if (name === 'td' || name === 'th') buf += buf.trim() ? ' | ' : '';
    const link = inLink || name === 'a';
    for (let ch = el.firstChild; ch; ch = ch.nextSibling) walk(ch, childCtx, childTag, link);
    if (name === 'td' || name === 'th') buf += ' ';
    if (isBlock) flush();
  };
  walk(root, '', 'div', false);
  flush();
  return blocks;
}

/** Blocks -> text, paragraphs separated by blank lines; list items get a "- " mark. */
export function blocksToText(blocks: readonly Block[]): string {
  return blocks.map((b) => (b.tag === 'li' ? `- ${b.text}` : b.text)).join('\n\n');
}
