// Makes copies of an article the way syndication does: other boilerplate around it, another
// headline and byline, a paragraph cut or added, truncation, small edits. Deterministic per seed.
import type { CorpusArticle } from './corpora.js';

export type CopyKind = 'boilerplate+cut' | 'headline+edits' | 'exact-ish' | 'truncate' | 'paragraph-added' | 'mixed';
export const COPY_KINDS: CopyKind[] = ['boilerplate+cut', 'headline+edits', 'exact-ish', 'truncate', 'paragraph-added', 'mixed'];

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADERS = [
  'Advertisement',
  'By Staff Writer | Updated 4:12 PM ET',
  'From the Associated Press',
  'NEW YORK (AP) —',
  'Posted by Newsdesk on the wire',
  'Skip to main content\nHome | World | Business | Sport | Opinion',
  'Share this article: Facebook Twitter Email',
  'Reuters Staff\n3 Min Read',
];
const FOOTERS = [
  'Copyright 2018 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
  'Sign up for our daily newsletter to get the top stories delivered to your inbox every morning.',
  '(Reporting by John Smith; Additional reporting by Maria Lopez; Editing by Peter Graff)',
  'Follow us on Twitter and Facebook for the latest updates. Comments on this story are moderated.',
  'Read more: the latest news from our correspondents around the world, and our analysis of what it means for you.',
  'This story has been updated with additional details. Have a news tip? Contact our newsroom at any time.',
  'Related coverage\nMore stories from our partners\nMost read this week',
];
const EDITORS_NOTES = [
  'Editor’s note: This article was originally published by a partner news agency and is republished here with permission.',
  'This report was updated to include comments from officials who responded after publication.',
];
const SWAPS: [RegExp, string][] = [
  [/\bsaid\b/g, 'stated'],
  [/\bpercent\b/g, 'per cent'],
  [/\bcolor\b/g, 'colour'],
  [/\bU\.S\.\b/g, 'US'],
  [/\bapproximately\b/g, 'about'],
  [/\bMr\. /g, 'Mr '],
  [/"/g, '”'],
];

function paragraphs(text: string): string[] {
  return text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** A few word-level edits: typo fixes, house style, a dropped or doubled word. */
function smallEdits(text: string, r: () => number): string {
  let t = text;
  for (const [re, s] of SWAPS) if (r() < 0.5) t = t.replace(re, s);
  const ws = t.split(' ');
  const n = Math.max(1, Math.floor(ws.length * 0.01));
  for (let i = 0; i < n; i++) {
    const j = Math.floor(r() * ws.length);
    const w = ws[j] ?? '';
    const op = r();
    if (op < 0.33) ws[j] = w.length > 3 ? w.slice(0, -1) : w; // a typo
    else if (op < 0.66) ws.splice(j, 1);
    else ws.splice(j, 0, pick(r, ['also', 'now', 'reportedly', 'still']));
  }
  return ws.join(' ');
}

/** A copy of `a` as a syndication partner would publish it. `others` lend "related" headlines and paragraphs. */
export function syndicate(a: CorpusArticle, seed: number, kind: CopyKind, others: CorpusArticle[] = []): CorpusArticle {
  const r = rng(seed * 7919 + kind.length);
  let ps = paragraphs(a.text);
  let title = a.title;
  const header: string[] = [];
  const footer: string[] = [];
  const doBoiler = kind === 'boilerplate+cut' || kind === 'mixed' || kind === 'paragraph-added';
  const doCut = kind === 'boilerplate+cut' || (kind === 'mixed' && r() < 0.5);
  const doEdits = kind === 'headline+edits' || kind === 'mixed';
  const doTruncate = kind === 'truncate' || (kind === 'mixed' && r() < 0.3);
  const doAdd = kind === 'paragraph-added' || (kind === 'mixed' && r() < 0.5);
  if (doBoiler) {
    header.push(pick(r, HEADERS));
    footer.push(pick(r, FOOTERS));
    if (r() < 0.5) footer.push(pick(r, FOOTERS));
    if (others.length && r() < 0.5) footer.push('Related: ' + pick(r, others).title, 'Related: ' + pick(r, others).title);
  }
  if (doCut && ps.length > 3) ps.splice(1 + Math.floor(r() * (ps.length - 1)), 1);
  if (doTruncate && ps.length > 2) {
    // Keep the first 55-90% of the words, at a paragraph boundary.
    const words = ps.join(' ').split(/\s+/).length;
    const keep = words * (0.55 + r() * 0.35);
    let n = 0;
    const kept: string[] = [];
    for (const p of ps) {
      if (kept.length && n + p.split(/\s+/).length > keep) break;
      kept.push(p);
      n += p.split(/\s+/).length;
    }
    ps = kept;
    footer.push('Read the full story on our partner’s website.');
  }
  if (doAdd) {
    const extra = others.length && r() < 0.5 ? (paragraphs(pick(r, others).text)[0] ?? pick(r, EDITORS_NOTES)) : pick(r, EDITORS_NOTES);
    ps.splice(Math.min(ps.length, 1 + Math.floor(r() * ps.length)), 0, extra);
  }
  if (doEdits) {
    ps = ps.map((p) => smallEdits(p, r));
    title = r() < 0.5 ? title.toUpperCase() : `${title.replace(/[.:]?$/, '')}: what we know`;
    header.push(`By ${pick(r, ['Jane Doe', 'A. Correspondent', 'Newsroom Staff'])}`);
  }
  if (kind === 'exact-ish') {
    // Re-flowed white space and typographic quotes only.
    ps = ps.map((p) => p.replace(/"/g, '“').replace(/'/g, '’').replace(/ /g, r() < 0.5 ? '  ' : ' '));
  }
  return {
    id: `${a.id}~${kind}~${seed}`,
    title,
    text: [...header, ...ps, ...footer].join('\n\n'),
    publishedAt: a.publishedAt,
    event: a.event,
  };
}
