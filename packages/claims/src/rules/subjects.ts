// The subject of a clause when it is not the words just left of the cue: past an opening adverbial
// ("Speaking in Ohio, Kaldor said"), a dateline ("VELDAM, May 3 (Wire) - ..."), and the phrases a pair of
// commas sets off between a subject and its verb ("Kaldor, 58, who grew up in Veldam, said").
import { cueForm } from '../cues.js';
import { type Token } from '../text.js';
import { DETS, PREPS, PRONOUN_SUBJ, isAdverb, npAfter } from './noun-phrases.js';

/** Words that open an adverbial phrase or clause, up to its comma, before a sentence's subject ("In 1986, ...", "Back in 1999, ..."). */
const OPENER = /^(of|in|on|at|after|before|during|since|as|when|while|once|if|although|though|because|despite|following|amid|with|without|for|from|by|under|over|until|upon|unlike|like|back|late|early|last|this|next|asked|according|to|among|throughout|across|within|near|outside|inside)$/;
/** Words that open a sentence on their own, before its subject ("Then he ...", "But Kaldor, ...", "Meanwhile, ..."). */
const LINKER = /^(and|but|so|yet|then|also|still|now|meanwhile|however|instead|indeed|even|again|later|earlier|recently|finally|moreover|thus|or|nor|plus)$/;
/** Words of a time phrase that opens a sentence before its subject ("Hours later, ...", "Sunday morning, ..."). */
const TIME_WORD = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|night|hours?|days?|weeks?|months?|years?|minutes?|moments?|later|ago|earlier|today|yesterday|tonight|january|february|march|april|june|july|august|september|october|november|december)$/;
/** The most words such a time phrase has. */
const MAX_TIME_PHRASE_TOKENS = 4;
/** How many tokens an opening adverbial may run before its comma. */
const MAX_OPENER_TOKENS = 25;
/** How many tokens a dateline ("ORLANDO, Fla. (Wire) -") may have before its dash. */
const MAX_DATELINE_TOKENS = 10;
/** How many tokens the phrases set off between a subject and its verb may have in all. */
const MAX_SET_OFF_TOKENS = 40;

/** How many openers (adverbials, linking words, time phrases) are skipped before a subject. */
const MAX_OPENERS = 4;
/** The most capitalised words a region after a place has ("Iowa", "New Hampshire", "N.C."). */
const MAX_REGION_TOKENS = 4;

/** Past a region that follows a place and its comma ("in Ames, Iowa, ..."): the token after the region's comma, else `i`. */
function pastRegion(tokens: Token[], i: number): number {
  const place = tokens[i - 2];
  if (!place || !/^\p{Lu}/u.test(place.text) || place.kind !== 'word') return i;
  let k = i;
  while (k < tokens.length && k - i < MAX_REGION_TOKENS && (/^\p{Lu}/u.test(tokens[k]!.text) || tokens[k]!.text === '.')) k++;
  return k > i && tokens[k]?.text === ',' ? k + 1 : i;
}

/** The most tokens a parenthesis after a name has ("(D-Ill.)", "(R-S.C.)"). */
const MAX_PARENTHESIS_TOKENS = 8;

const isDash = (t: Token | undefined): boolean => !!t && /^[–—―-]$/.test(t.text);

/** The token after a dateline that opens the text at `i` ("WASHINGTON —", "PARIS, Aug 31 (Wire) -"), else `i`. */
function pastDateline(tokens: Token[], i: number): number {
  for (let k = i; k < tokens.length && k - i <= MAX_DATELINE_TOKENS; k++) {
    const t = tokens[k]!;
    if (isDash(t) && k > i) return k + 1;
    // only upper-case words, numbers, commas, dots and a parenthesised agency make a dateline
    if (!(t.kind === 'num' || /^[,.()]$/.test(t.text) || (t.kind === 'word' && /^\p{Lu}/u.test(t.text)))) return i;
  }
  return i;
}

/** The token at which the clause's subject starts: past opening quotation marks, a dateline and opening adverbials set off by commas. */
export function clauseStart(tokens: Token[], from = 0): number {
  let i = from;
  while (tokens[i] && /^[“"‘'(]$/.test(tokens[i]!.text)) i++;
  i = pastDateline(tokens, i);
  for (let tries = 0; tries < MAX_OPENERS; tries++) {
    const t = tokens[i];
    if (!t || t.kind !== 'word') break;
    if (LINKER.test(t.lower)) { i += tokens[i + 1]?.text === ',' ? 2 : 1; continue; }
    // "Hours later, ...", "A month ago, ...", "Sunday morning, ..."
    const time = tokens.slice(i, i + MAX_TIME_PHRASE_TOKENS + 1).findIndex((x) => x.text === ',');
    if (time > 0 && tokens.slice(i, i + time).every((x) => x.kind === 'num' || (x.kind === 'word' && (TIME_WORD.test(x.lower) || /^(a|an|the|one|two|three|several|few|last|this|that)$/.test(x.lower)))) && tokens.slice(i, i + time).some((x) => TIME_WORD.test(x.lower))) { i += time + 1; continue; }
    // "Speaking in Ohio, ...", "Asked about it, ...", "In 1986, ...": an adverbial up to its comma
    const participle = /^\p{Lu}\p{Ll}+(ing|ed)$/u.test(t.text) && !cueForm(t.lower);
    if (!(OPENER.test(t.lower) || participle || /^\p{Lu}\p{Ll}+ing$/u.test(t.text))) break;
    const comma = tokens.findIndex((x, k) => k > i && k - i <= MAX_OPENER_TOKENS && x.text === ',');
    if (comma < 0 || /^[“"]$/.test(tokens[comma + 1]?.text ?? '')) break;
    i = comma + 1;
    // "At an event in Ames, Iowa, on Sunday, Kaldor ...": the region after a place belongs to the opener
    i = pastRegion(tokens, i);
  }
  return i;
}

/** The subject of the sentence's main clause: the noun phrase at `clauseStart`, or null. */
export function mainSubject(tokens: Token[]): [number, number] | null {
  return npAfter(tokens, clauseStart(tokens));
}

/** Whether a phrase between two commas can stand between a subject and its verb: an apposition, an age, a relative or participial clause, an adverbial. */
function setOffPhrase(seg: Token[]): boolean {
  const first = seg[0];
  if (!first) return false;
  if (seg.some((x) => /^[“”"]$/.test(x.text))) return false;
  const rel = /^(who|whom|whose|which)$/.test(first.lower);
  // a clause of its own reports something else: "Kaldor, the mayor said, ..."
  if (!rel && seg.some((x, k) => k > 0 && x.kind === 'word' && /^[a-z]/.test(x.text) && cueForm(x.lower)?.cls === 'speech' && /(ed|said|says|told)$/.test(x.lower))) return false;
  if (first.kind === 'num') return seg.length <= 2; // an age: "Kaldor, 58, said"
  if (first.kind !== 'word') return /^[RDI]-/.test(first.text);
  if (PRONOUN_SUBJ.has(first.lower) || /^(and|or|but|so|that)$/.test(first.lower)) return false;
  return rel || /^\p{Lu}/u.test(first.text) || /^[a-z]+(ing|ed)$/.test(first.text) || PREPS.has(first.lower) || DETS.has(first.lower)
    || isAdverb(first) || /^(like|as|now|then|though|however|too|meanwhile|in|also|including|both|himself|herself|themselves|itself|once)$/.test(first.lower);
}

/**
 * The subject of a cue that follows a comma at `l`, when phrases set off by commas separate the two:
 * "Kaldor, 58, who grew up in Veldam, said ..." gives "Kaldor"; null when the words before the comma
 * are not a subject and set-off phrases (a clause of its own, a quotation).
 */
export function setOffSubject(tokens: Token[], l: number): [number, number] | null {
  // the clause starts after the last quotation mark, semicolon or colon before the cue
  let from = 0;
  for (let k = l - 1; k >= 0; k--) if (/^[”"“;:]$/.test(tokens[k]!.text)) { from = k + 1; break; }
  if (tokens[from]?.text === ',') from++;
  const i = clauseStart(tokens, from);
  const np = npAfter(tokens, i);
  if (!np) return null;
  // "Sen. Ines Kaldor (D-Veldam), noting ..., said": a parenthesis after the name is part of it
  let after = np[1];
  if (tokens[after]?.text === '(') {
    const close = tokens.findIndex((x, k) => k > after && k - after <= MAX_PARENTHESIS_TOKENS && x.text === ')');
    if (close > 0) after = close + 1;
  }
  if (after >= l || tokens[after]?.text !== ',' || l - after > MAX_SET_OFF_TOKENS) return null;
  let segStart = after + 1;
  for (let k = segStart; k <= l; k++) {
    if (tokens[k]!.text !== ',') continue;
    if (!setOffPhrase(tokens.slice(segStart, k))) return null;
    segStart = k + 1;
  }
  return np;
}
