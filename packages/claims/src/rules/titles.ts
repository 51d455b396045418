// Titles and headlines: "X: Y", "...: NYT", and a short paragraph without final punctuation.
import { type Quote, type Sentence } from '../text.js';
import { type Attr } from './attributions.js';
import { npAfter, textOf } from './noun-phrases.js';
import { trimContent } from './quotations.js';

/** The headline form "...: NYT" / "... - Reuters": a short source name after a final colon. */
export function headlineSource(s: Sentence, text: string): { start: number; end: number; name: string; contentEnd: number } | null {
  const m = /^(.{12,}?)\s*[:|]\s+([A-Z][A-Za-z.&' ]{1,30})$/.exec(s.text);
  if (!m) return null;
  const name = m[2]!.trim();
  if (name.split(' ').length > 4) return null;
  const start = s.start + s.text.lastIndexOf(name);
  void text;
  return { start, end: start + name.length, name, contentEnd: s.start + m[1]!.length };
}

/** "X: Y" titles (a short source before a colon), and "He then listed ...:" followed by a quotation. */
export function colonAttribution(s: Sentence, text: string, quotes: Quote[], all: Sentence[]): Attr | null {
  const toks = s.tokens;
  const firstInPara = !all.some((o) => o.para === s.para && o.start < s.start);
  const ci = toks.findIndex((t) => t.text === ':');
  if (ci > 0 && ci <= 6 && firstInPara && s.para === 0 && toks.length - ci > 3) {
    const src = toks.slice(0, ci);
    if (src.every((t) => /^\p{Lu}/u.test(t.text) || /^(of|the|'s|’s|&|and|for)$/.test(t.lower) || t.kind === 'num') && /^\p{Lu}/u.test(src[0]!.text) && !/^(read|source|photo|watch|update|editor|note|related|also|see|video|listen|image|credit|caption|breaking|exclusive|opinion|analysis|live|more)$/i.test(src[0]!.text)) {
      const [cs, ce] = trimContent(text, toks[ci + 1]!.start, s.end);
      return { speakerTok: [0, ci], speakerText: textOf(text, toks, [0, ci]), cue: [ci, ci + 1], cueText: ':', start: cs, end: ce, resolved: null };
    }
  }
  const lastTok = toks[toks.length - 1];
  if (lastTok?.text === ':' && toks.length > 3) {
    const q = quotes.find((x) => x.start > lastTok.end && /^\s*$/.test(text.slice(lastTok.end, x.start)));
    if (!q) return null;
    const np = npAfter(toks, 0);
    if (!np) return null;
    return { speakerTok: np, speakerText: textOf(text, toks, np), cue: [toks.length - 1, toks.length], cueText: ':', start: q.start, end: q.end, resolved: null };
  }
  return null;
}

/** The share of a title's longer words that are capitalised ("Kaldor Says Port Will Reopen."). */
const TITLE_CASE_SHARE = 0.7;
/** Words shorter than this are left out of the title-case count ("of", "the", "to"). */
const TITLE_CASE_MIN_LETTERS = 4;

/** A text's opening line in title case, even with a final full stop: "Kaldor Says Port Will Reopen." */
function titleCaseTitle(s: Sentence): boolean {
  if (s.para !== 0) return false;
  const long = s.tokens.filter((t) => t.kind === 'word' && t.text.length >= TITLE_CASE_MIN_LETTERS);
  return long.length >= 2 && long.filter((t) => /^\p{Lu}/u.test(t.text)).length >= TITLE_CASE_SHARE * long.length;
}

/** A short paragraph without final punctuation, or the opening line in title case: a title or a subheading. */
export function isHeadline(s: Sentence, all: Sentence[], text: string): boolean {
  if (s.tokens.length > 30) return false;
  if (all.some((o) => o !== s && o.para === s.para)) return false;
  const last = text[s.end - 1] ?? '';
  return !/[.!?”"]/.test(last) || titleCaseTitle(s);
}
