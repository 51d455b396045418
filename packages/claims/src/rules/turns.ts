// Speakers named by layout rather than by a verb: the turns of a transcript ("KALDOR: The port will
// reopen.") and a quotation signed with a dash ("“The port will reopen.” ― Ines Kaldor").
import { type Quote, type Sentence, type Token } from '../text.js';
import { type Attr } from './attributions.js';
import { textOf } from './noun-phrases.js';
import { trimContent } from './quotations.js';

/** Labels in capitals that head a paragraph without being a speaker. */
const NOT_SPEAKER_LABEL = /^(UPDATE|UPDATED|CORRECTION|VIDEO|PHOTO|PHOTOS|WATCH|READ|RELATED|BREAKING|EXCLUSIVE|NOTE|EDITOR|EDITORS|SOURCE|SOURCES|SEE|ALSO|LIVE|MORE|PREVIOUSLY|BACKGROUND|CLICK|LISTEN|TRANSCRIPT|CREDIT|CAPTION|ANALYSIS|OPINION|SUBSCRIBE|SPONSORED|ADVERTISEMENT|Q|A)$/;
/** The most words a speaker label or a signature has. */
const MAX_LABEL_WORDS = 4;
/** The fewest letters a one-word label in capitals has ("PENCE", not "US"). */
const MIN_LABEL_LETTERS = 3;

const isDash = (t: Token | undefined): boolean => !!t && /^[―—–-]$/.test(t.text);
const capitalised = (t: Token): boolean => t.kind === 'word' && /^\p{Lu}/u.test(t.text);
/** An initial's full stop inside a name: "Edwin G. Monroy". */
const initialDot = (toks: Token[], k: number): boolean => toks[k]!.text === '.' && /^\p{Lu}$/u.test(toks[k - 1]?.text ?? '') && toks[k]!.start === toks[k - 1]!.end && k < toks.length - 1;

/** The end (exclusive token index) of a name of a few capitalised words starting at `i`, or null. */
function nameAt(toks: Token[], i: number): number | null {
  let k = i;
  let words = 0;
  while (toks[k] && (capitalised(toks[k]!) || initialDot(toks, k)) && words <= MAX_LABEL_WORDS) {
    if (toks[k]!.kind === 'word') words++;
    k++;
  }
  return words > 0 && words <= MAX_LABEL_WORDS ? k : null;
}

/**
 * A transcript turn: a paragraph (not the title) that opens with a speaker's name in capitals and a colon,
 * "WALLACE: Let's start with the news." The content runs to the end of the paragraph.
 */
export function transcriptTurn(s: Sentence, text: string, all: Sentence[]): Attr | null {
  if (s.para === 0 || all.some((o) => o.para === s.para && o.start < s.start)) return null;
  const toks = s.tokens;
  let i = 0;
  while (toks[i] && /^[“"]$/.test(toks[i]!.text)) i++;
  const end = nameAt(toks, i);
  if (end === null || toks[end]?.text !== ':') return null;
  const label = toks.slice(i, end).filter((t) => t.kind === 'word');
  // a speaker's label is in capitals: "JAKE TAPPER", "PENCE"; "The Latest:" and "UPDATE:" head other paragraphs
  if (!label.every((t) => t.text === t.text.toUpperCase() && /\p{Lu}/u.test(t.text)) || label.some((t) => NOT_SPEAKER_LABEL.test(t.text))) return null;
  if (label.length === 1 && label[0]!.text.length < MIN_LABEL_LETTERS) return null;
  const paraEnd = Math.max(...all.filter((o) => o.para === s.para).map((o) => o.end));
  const [start, cEnd] = trimContent(text, toks[end + 1]?.start ?? s.end, paraEnd);
  if (cEnd <= start) return null;
  const speakerTok: [number, number] = [i, end];
  return { speakerTok, speakerText: textOf(text, toks, speakerTok), cue: [end, end + 1], cueText: ':', start, end: cEnd, resolved: null, cls: 'speech' };
}

/** The quotation that ends just before `pos`, across spaces and line breaks. */
function quoteJustBefore(quotes: Quote[], pos: number, text: string): Quote | undefined {
  let p = pos;
  while (p > 0 && /\s/.test(text[p - 1]!)) p--;
  return quotes.find((q) => q.end === p);
}

/**
 * A quotation signed with a dash and a name: "“The port will reopen.” ― Ines Kaldor", or the name on a
 * line of its own after the quotation ("- Ines Kaldor."). The name ends the sentence or is followed by a
 * comma and a description ("- Ines Kaldor, Lorn").
 */
export function dashSignature(s: Sentence, text: string, quotes: Quote[]): Attr | null {
  const toks = s.tokens;
  const d = toks.findIndex((t, k) => isDash(t) && (k === 0 || /^[”"]$/.test(toks[k - 1]!.text)));
  if (d < 0) return null;
  const end = nameAt(toks, d + 1);
  if (end === null || !(end === toks.length || /^[.,]$/.test(toks[end]!.text))) return null;
  if (toks[end]?.text === '.' && end < toks.length - 1) return null;
  const q = quoteJustBefore(quotes, toks[d]!.start, text);
  if (!q) return null;
  const [start, cEnd] = trimContent(text, q.start, q.end);
  if (cEnd <= start) return null;
  const speakerTok: [number, number] = [d + 1, end];
  return { speakerTok, speakerText: textOf(text, toks, speakerTok), cue: [d, d + 1], cueText: toks[d]!.text, start, end: cEnd, resolved: null, cls: 'speech' };
}
