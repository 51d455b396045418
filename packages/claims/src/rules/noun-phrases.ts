// Noun phrases around a cue: the speaker before it ("Mayor Ines Kaldor said"), after it ("said Kirby"), in apposition.
import { cueForm } from '../cues.js';
import { type Sentence, type Token } from '../text.js';

const ADV_BEFORE_CUE = new Set([
  'also', 'had', 'has', 'have', 'was', 'is', 'were', 'are', 'am', 'would', 'will', 'reportedly', 'previously', 'later', 'then', 'already', 'again',
  'repeatedly', 'publicly', 'recently', 'just', 'further', 'once', 'often', 'frequently', 'since', 'never', 'always', 'initially', 'first',
  'subsequently', 'quickly', 'bluntly', 'flatly', 'explicitly', 'privately', 'separately', 'similarly', 'likewise', 'earlier', 'indeed',
  'even', 'simply', 'openly', 'clearly', 'still', 'not', "n't", 'did', 'does', 'do', 'may', 'might', 'could', 'should', 'can', 'shall', 'must',
  'been', 'being', 'be', "don't", "didn't", "doesn't", "can't", "won't", "wouldn't", "couldn't", "hasn't", "haven't", "hadn't", "isn't", "wasn't", "aren't", "weren't", 'allegedly', 'apparently', 'long', 'together', 'ever', 'officially', 'formally', 'proudly', 'angrily', 'confidently', 'openly',
]);
const NP_STOP = new Set([
  'to', 'for', 'from', 'by', 'with', 'in', 'on', 'at', 'into', 'that', 'which', 'who', 'whom', 'whose', 'and', 'or', 'but', 'as', 'if',
  'when', 'while', 'because', 'although', 'though', 'after', 'before', 'since', 'until', 'than', 'so', 'where', 'whether', 'about',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should',
  'may', 'might', 'must', 'not', 'also', 'said', 'says', 'told', 'there', 'here', 'what', 'how', 'why', 'during', 'amid', 'over', 'under',
  'against', 'between', 'through', 'without', 'within', 'upon', 'via', 'per', 'like', 'unlike', 'despite', 'toward', 'towards', 'across',
  'yesterday', 'today', 'tomorrow', 'now', 'then', 'meanwhile', 'however', 'moreover', 'furthermore', 'instead', 'thus', 'therefore',
  'it', 'this', 'these', 'those', 'such', 'all', 'both', 'each', 'any', 'many', 'more', 'most', 'other', 'others', 'only', 'just',
  'very', 'too', 'even', 'still', 'yet', 'already', 'again', 'ago', 'last', 'next', 'later', 'earlier', 'once', 'twice', 'almost',
  'hours', 'minutes', 'days', 'weeks', 'months', 'years', 'moments', 'decades', 'seconds',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'morning', 'afternoon', 'evening', 'night', 'week', 'month', 'year',
]);
const CAP_FUNCTION = new Set(['as', 'if', 'when', 'while', 'after', 'before', 'since', 'though', 'although', 'because', 'in', 'on', 'at', 'for', 'from', 'with', 'by', 'but', 'and', 'or', 'so', 'yet', 'then', 'there', 'here', 'what', 'how', 'why', 'asked', 'meanwhile', 'however', 'still', 'also', 'even', 'now', 'today', 'yesterday', 'last', 'earlier', 'later', 'according']);
export const DETS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'these', 'those', 'another', 'one', 'some', 'several', 'two', 'three', 'many', 'other']);
export const PRONOUN_SUBJ = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);
const VERBISH = /^(?:\p{Ll}+(?:ed|ing))$/u;
const NOT_VERB_ED = new Set(['united', 'armed', 'red', 'bed', 'need', 'speed', 'seed', 'based', 'led', 'alleged', 'retired', 'former', 'senior', 'unnamed', 'unidentified', 'anonymous', 'elected', 'appointed', 'detained', 'wounded', 'displaced', 'concerned', 'interested', 'informed', 'authorized', 'designated', 'backed', 'affiliated', 'reported', 'embattled', 'beleaguered', 'sacked', 'fired', 'ousted', 'jailed', 'exiled', 'hospitalized', 'polled', 'surveyed', 'interviewed', 'sampled', 'questioned']);

function isNpWord(t: Token): boolean {
  if (t.kind === 'num') return true;
  if (t.kind !== 'word') return false;
  if (/^\p{Lu}/u.test(t.text)) return !NP_STOP.has(t.lower) && !CAP_FUNCTION.has(t.lower);
  if (NP_STOP.has(t.lower)) return false;
  if (cueForm(t.lower) && !NOUNISH.test(t.lower)) return false;
  if (VERBISH.test(t.lower) && !NOT_VERB_ED.has(t.lower) && !/ing$/.test(t.lower)) return false;
  if (/ing$/.test(t.lower) && t.lower.length > 5 && !/^(king|thing|building|briefing|meeting|setting|ring|wing|spring|string|something|nothing|anything|everything)$/.test(t.lower)) return false;
  return true;
}

/** The noun phrase ending at token index `end` (inclusive), scanning left; [start, end+1) or null. */
export function npBefore(tokens: Token[], end: number, floor: number): [number, number] | null {
  let i = end;
  const t = tokens[i];
  if (!t) return null;
  if (t.kind === 'word' && PRONOUN_SUBJ.has(t.lower)) return [i, i + 1];
  if (!isNpWord(t) && !(t.text === "'s" || t.text === '’s')) return null;
  let start = i;
  let count = 0;
  while (i >= floor && count < 9) {
    const w = tokens[i]!;
    if (w.kind === 'word' && DETS.has(w.lower)) { if (i !== end) start = i; break; }
    if (isNpWord(w) && !(w.kind === 'word' && PRONOUN_SUBJ.has(w.lower) && i !== end)) { start = i; i--; count++; continue; }
    // "Secretary of State", "Joel Pollak of Breitbart California"
    if (w.lower === 'of' && tokens[i - 1] && /^\p{Lu}/u.test(tokens[i + 1]?.text ?? '') && isNpWord(tokens[i - 1]!)) { i--; continue; }
    // "Al Jazeera’s correspondent"
    if ((w.text === "'s" || w.text === '’s' || w.text === "'" || w.text === '’') && tokens[i - 1] && isNpWord(tokens[i - 1]!)) { i--; continue; }
    if (/^[-–]$/.test(w.text) && w.start === tokens[i - 1]?.end && w.end === tokens[i + 1]?.start) { i--; continue; }
    if (w.text === '.' && tokens[i - 1] && /^(u\.s|u\.n|mr|mrs|ms|dr|gen|sen|rep|gov|st|jr|lt|col|adm)$/.test(tokens[i - 1]!.lower) && w.start === tokens[i - 1]!.end) { i--; continue; }
    // a middle initial: "William M. Daley"
    if (w.text === '.' && i !== end && tokens[i - 1] && /^\p{Lu}$/u.test(tokens[i - 1]!.text) && w.start === tokens[i - 1]!.end) { i--; continue; }
    break;
  }
  // "majorities of Republican voters in six states", "a spokesman for the campaign": extend over prepositional phrases
  let guard = 0;
  while (start - 2 >= floor && guard++ < 3 && end - start < 16) {
    const p = tokens[start - 1]!;
    if (!/^(of|in|for|from|at|with|among|across)$/.test(p.lower)) break;
    const more = npBeforeCore(tokens, start - 2, floor);
    if (more === null) break;
    start = more;
  }
  if (start > end) return null;
  // drop a leading lower-case adverbial that is not part of a name ("also")
  while (start <= end && tokens[start]!.kind === 'word' && /^(also|and|but|then)$/.test(tokens[start]!.lower)) start++;
  if (start > end) return null;
  return [start, end + 1];
}

/** The start of a plain noun phrase (no prepositional phrases) ending at `end`, or null. */
function npBeforeCore(tokens: Token[], end: number, floor: number): number | null {
  let i = end;
  let start = -1;
  let count = 0;
  while (i >= floor && count < 8) {
    const w = tokens[i]!;
    if (w.kind === 'word' && DETS.has(w.lower)) { if (i !== end) start = i; break; }
    if (isNpWord(w) && !(w.kind === 'word' && PRONOUN_SUBJ.has(w.lower))) { start = i; i--; count++; continue; }
    if ((w.text === "'s" || w.text === '’s') && tokens[i - 1] && isNpWord(tokens[i - 1]!)) { i--; continue; }
    break;
  }
  if (start < 0) return null;
  // only a real noun phrase: it must hold a capitalised word or a plural / known noun, not a verb
  const words = tokens.slice(start, end + 1);
  if (!words.some((w) => /^\p{Lu}/u.test(w.text) || /s$/.test(w.lower) || w.kind === 'num')) return null;
  return start;
}

/** A noun phrase starting at token `i`, scanning right (for "said Kirby", "according to X"). */
export function npAfter(tokens: Token[], i: number): [number, number] | null {
  let j = i;
  while (tokens[j] && tokens[j]!.kind === 'word' && DETS.has(tokens[j]!.lower)) j++;
  const s = j;
  let count = 0;
  while (tokens[j] && count < 9) {
    const w = tokens[j]!;
    if (w.kind === 'word' && PRONOUN_SUBJ.has(w.lower) && j === s) { j++; break; }
    if (w.kind === 'word' && (isNpWord(w) || /^(al|el|bin|ibn|abu|de|van|von|da|del|la|le)$/.test(w.lower) && /^\p{Lu}/u.test(tokens[j + 1]?.text ?? ''))) { j++; count++; continue; }
    if ((w.text === "'s" || w.text === '’s') && j > s) { j++; continue; }
    if (w.lower === 'of' && /^\p{Lu}/u.test(tokens[j + 1]?.text ?? '') && j > s) { j++; continue; }
    if ((w.lower === 'of' || w.lower === 'from') && j > s && tokens[j + 1]?.lower === 'the' && /^\p{Lu}/u.test(tokens[j + 2]?.text ?? '')) { j += 2; continue; }
    if (w.text === '.' && tokens[j - 1] && /^(u\.s|u\.n)$/.test(tokens[j - 1]!.lower) && w.start === tokens[j - 1]!.end && tokens[j + 1] && !/^\p{Lu}/u.test(tokens[j + 1]!.text)) { j++; continue; }
    if (w.text === '.' && tokens[j - 1] && /^(sen|gov|rep|dr|mr|mrs|ms|lt|gen|col|st|jr|sgt|capt|adm|prof|rev)$/.test(tokens[j - 1]!.lower) && w.start === tokens[j - 1]!.end && /^\p{Lu}/u.test(tokens[j + 1]?.text ?? '')) { j++; continue; }
    break;
  }
  if (j === s) return null;
  return [i, j];
}

export function textOf(text: string, tokens: Token[], r: [number, number]): string {
  return text.slice(tokens[r[0]]!.start, tokens[r[1] - 1]!.end);
}

/** Forms that are as often nouns as verbs; checked with a part-of-speech tagger. */
export const NOUNISH = /^(supports?|thanks?|praises?|challenges?|welcomes?|blames?|mocks?|hails?|touts?|defends?|opposes?|reports?|claims?|demands?|updates?|orders?|disputes?|answers?|comments?|estimates?|questions?|calls?|promises?|pledges?|notes?|states?|shows?|posts?|requests?|appeals?|vows?|signals?|hints?|quotes?|charges?|counters?|details?|outlines?|jokes?|projects?|forecasts?|briefs?|tweets?|replies|reply|responds?|warns?|adds?|fears?|hopes?|doubts?|concerns?|tells?|notices?|remarks?|accounts?|findings?|shares?|cites?|figures?|thinks?|believes?|feels?|knows?|sees?|wonders?|insists?|argues?|explains?|admits?|vows?)$/;
export const WEEKDAY = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
export const PREPS = new Set(['of', 'in', 'for', 'amid', 'with', 'by', 'from', 'on', 'at', 'about', 'into', 'over', 'after', 'before', 'without', 'against', 'among', 'during', 'through', 'under', 'via', 'upon', 'per', 'despite', 'toward', 'towards']);
export const BE_AUX = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'be', 'get', 'gets', 'got', 'am', "'s", '’s']);
export const REL = new Set(['who', 'which', 'that']);

export function isAdverb(t: Token | undefined): boolean {
  return !!t && t.kind === 'word' && (ADV_BEFORE_CUE.has(t.lower) || (/^[a-z].*ly$/.test(t.text) && t.lower.length > 4 && !/^(only|early|family|ally|italy|rally|july|daily|weekly|monthly|reply|supply|apply|fly|holy|assembly)$/.test(t.lower)));
}

/** The comma that sets off a speaker phrase ("..., a report by The New York Times revealed."), within a few words. */
export function commaBefore(tokens: Token[], i: number): number | null {
  for (let b = i - 1; b >= Math.max(0, i - 5); b--) {
    const x = tokens[b]!;
    if (x.text === ',') return b;
    if (x.kind !== 'word' || NP_STOP.has(x.lower) && !/^(by|of|from|for)$/.test(x.lower)) return null;
  }
  return null;
}

/** "The leader, who is visiting Moscow, said" / "The official – who preferred ... – spoke" / "the spokesman, Abu Obeida, said". */
export function appositiveSubject(tokens: Token[], l: number): [number, number] | null {
  const closer = tokens[l]!.text;
  const isDash = /^[–—-]$/.test(closer);
  for (let k = l - 1; k >= Math.max(0, l - 25); k--) {
    const x = tokens[k]!;
    if ((isDash && /^[–—-]$/.test(x.text)) || (!isDash && x.text === ',')) {
      const first = tokens[k + 1];
      if (!first || k + 1 >= l) return null;
      // a name in apposition is the speaker: "the military spokesperson for al-Qassam Brigades, Abu Obeida, estimated"
      const inner = tokens.slice(k + 1, l);
      if (inner.length <= 5 && inner.every((w) => w.kind === 'word' && (/^\p{Lu}/u.test(w.text) || /^(al|el|bin|ibn|abu|de|van|von|da)$/.test(w.lower) || /^(al|el)-/.test(w.lower)))) {
        return [k + 1, l];
      }
      if (/^(who|which|whose|a|an|the|himself|herself|also|like|one|its|his|her|their|including|both|as|in|from|now|then|whom)$/.test(first.lower) || isDash) {
        return npBefore(tokens, k - 1, 0);
      }
      return null;
    }
    if (/^[.;:“”"]$/.test(x.text)) return null;
  }
  return null;
}

/** The noun phrase that opens a sentence (after a leading adverbial set off by a comma), as a token range. */
export function sentenceSubject(s: Sentence): [number, number] | null {
  let i = 0;
  const toks = s.tokens;
  while (toks[i] && /^[“"‘'(]$/.test(toks[i]!.text)) i++;
  for (let tries = 0; tries < 2; tries++) {
    const np = npAfter(toks, i);
    if (!np) return null;
    if (toks[np[1]]?.text === ',' && tries === 0 && np[1] - i <= 4) { i = np[1] + 1; continue; }
    return np;
  }
  return null;
}
