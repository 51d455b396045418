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

export const normSpace = (s: string): string => s.replace(/\u200b|\u200c|\u200d|\ufeff/g, '').replace(/[\s\u00a0]+/g, ' ').trim();

/** Splits an element into text blocks in document order. */
export function toBlocks(root: Element): Block[] {
  const blocks: Block[] = [];
  let buf = '';
  let linkChars = 0;
  let curTag = 'div';
  let curCtx = '';
  const flush = (): void => {
    const text = normSpace(buf);
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
