// Fallbacks for when Readability finds little or nothing: the JSON-LD articleBody, and the
// element holding the most paragraph text (each <p>-like element's text credited to its parent,
// half to its grandparent), paragraphs in boxes named as boilerplate (related, comments, sidebar,
// footer, ... as the container candidate judges them) not counted and not kept.
import { isBoilerplate } from './container.js';
import { flatten, isArticleType } from './jsonld.js';
import { normSpace, toBlocks, type Block } from './text.js';

/** The longest JSON-LD articleBody / text of an article object, as blocks. */
export function ldArticleBody(ld: unknown[]): Block[] {
  let best = '';
  for (const o of flatten(ld)) {
    if (!isArticleType(o)) continue;
    const body = o['articleBody'] ?? o['text'];
    if (typeof body === 'string' && body.length > best.length) best = body;
  }
  if (!best) return [];
  const paras = best.includes('\n') ? best.split(/\n+/) : best.split(/(?<=[.!?]["”’]?)\s{2,}/);
  return paras.map((t) => normSpace(t)).filter(Boolean).map((text) => ({ text, tag: 'p', context: '', linkDensity: 0 }));
}

const PARA_SEL = 'p, pre, blockquote, li, h2, h3, h4';

/** The element with the most paragraph text, as blocks (or none). */
export function densestBlocks(doc: Document): Block[] {
  const score = new Map<Element, number>();
  const boxed = new Map<Element, boolean>();
  // inside a boilerplate box, up to <body>
  const inBoilerplate = (el: Element | null): boolean => {
    if (!el || /^(?:body|html)$/i.test(el.tagName)) return false;
    let v = boxed.get(el);
    if (v === undefined) {
      v = isBoilerplate(el) || inBoilerplate(el.parentElement);
      boxed.set(el, v);
    }
    return v;
  };
  for (const p of Array.from(doc.querySelectorAll(PARA_SEL))) {
    const text = normSpace(p.textContent ?? '');
    if (text.length < 30) continue;
    if (inBoilerplate(p)) continue;
    let linkLen = 0;
    for (const a of Array.from(p.querySelectorAll('a'))) linkLen += normSpace(a.textContent ?? '').length;
    if (linkLen / text.length > 0.5) continue;
    const weight = Math.min(text.length, 1500) * (p.tagName.toLowerCase() === 'p' ? 1 : 0.5);
    const parent = p.parentElement;
    if (!parent) continue;
    score.set(parent, (score.get(parent) ?? 0) + weight);
    const grand = parent.parentElement;
    if (grand) score.set(grand, (score.get(grand) ?? 0) + weight / 2);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, s] of score) {
    const name = el.tagName.toLowerCase();
    if (name === 'body' || name === 'html') continue;
    if (s > bestScore) {
      best = el;
      bestScore = s;
    }
  }
  return best ? toBlocks(best, isBoilerplate) : [];
}
