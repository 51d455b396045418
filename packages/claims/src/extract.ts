// extractClaims: sentences -> attributions (speaker, cue, content) -> quantities -> claims.
import nlp from 'compromise';
import { defaultAliases } from './aliases.js';
import { cueForm, intentionForm, INTENTION_WITH_OBJECT, TAKES_LISTENER, type CueClass } from './cues.js';
import { claimDate, isoDay } from './dates.js';
import { EntityTracker, type Kind } from './entities.js';
import { notAnalysedNote } from './language.js';
import { defaultLexicon } from './lexicon.js';
import { findQuantities } from './quantities.js';
import { normalizeQuoteMarks, splitSentences, type Quote, type Sentence, type Token } from './text.js';
import type { ClaimsContext, DetailedClaim } from './types.js';

interface Attr {
  speakerTok: [number, number] | null; // token index range [a, b) in sentence
  speakerText: string | null;
  cue: [number, number]; // token range
  cueText: string;
  start: number;
  end: number;
  resolved: { name: string; kind: Kind | null; actor: string } | null;
  /** What the cue reports: speech, a belief, an evaluation or an intention; null for source phrases and titles. */
  cls?: CueClass;
  inheritFrom?: boolean;
  /** The mention in this clause when it is not the speaker's name ("who" in "Lifshitz, who told ..."). */
  mentionTok?: [number, number];
}

const ADV_BEFORE_CUE = new Set([
  'also', 'had', 'has', 'have', 'was', 'is', 'were', 'are', 'am', 'would', 'will', 'reportedly', 'previously', 'later', 'then', 'already', 'again',
  'repeatedly', 'publicly', 'recently', 'just', 'further', 'once', 'often', 'frequently', 'since', 'never', 'always', 'initially', 'first',
  'subsequently', 'quickly', 'bluntly', 'flatly', 'explicitly', 'privately', 'separately', 'similarly', 'likewise', 'earlier', 'indeed',
  'even', 'simply', 'openly', 'clearly', 'still', 'not', "n't", 'did', 'does', 'do', 'may', 'might', 'could', 'should', 'can', 'shall', 'must',
  'been', 'being', 'be', "don't", "didn't", "doesn't", "can't", "won't", "wouldn't", "couldn't", "hasn't", "haven't", "hadn't", "isn't", "wasn't", "aren't", "weren't", 'allegedly', 'apparently', 'officially', 'formally', 'proudly', 'angrily', 'confidently', 'openly',
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
const DETS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'these', 'those', 'another', 'one', 'some', 'several', 'two', 'three', 'many', 'other']);
const PRONOUN_SUBJ = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);
const VERBISH = /^(?:\p{Ll}+(?:ed|ing))$/u;
const NOT_VERB_ED = new Set(['united', 'armed', 'red', 'bed', 'need', 'speed', 'seed', 'based', 'led', 'alleged', 'retired', 'former', 'senior', 'unnamed', 'unidentified', 'anonymous', 'elected', 'appointed', 'detained', 'wounded', 'displaced', 'concerned', 'interested', 'informed', 'authorized', 'designated', 'backed', 'affiliated', 'reported', 'embattled', 'beleaguered', 'sacked', 'fired', 'ousted', 'jailed', 'exiled', 'hospitalized']);

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
function npBefore(tokens: Token[], end: number, floor: number): [number, number] | null {
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
function npAfter(tokens: Token[], i: number): [number, number] | null {
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

function textOf(text: string, tokens: Token[], r: [number, number]): string {
  return text.slice(tokens[r[0]]!.start, tokens[r[1] - 1]!.end);
}

function quoteStartingAt(quotes: Quote[], pos: number, text: string): Quote | undefined {
  // the first quotation starting at pos (after spaces / ":" / ",")
  let p = pos;
  while (p < text.length && /[\s:,—–-]/.test(text[p]!)) p++;
  return quotes.find((q) => q.start === p && q.end - q.start > 12);
}

function quoteEndingAt(quotes: Quote[], pos: number, text: string): Quote | undefined {
  let p = pos;
  // within the paragraph: a quotation that closed the paragraph before is not this speaker's
  while (p > 0 && /[^\S\n]|[,—–-]/.test(text[p - 1]!)) p--;
  return quotes.find((q) => q.end === p || (q.end === p + 1 && false));
}

function trimContent(text: string, start: number, end: number): [number, number] {
  while (start < end && /[\s,:;—–-]/.test(text[start]!)) start++;
  while (end > start && /[\s,.;:!?—–-]/.test(text[end - 1]!)) end--;
  // a closing mark whose opening lies outside the content: `he did not support it.”`
  if (end > start && /[”"]/.test(text[end - 1]!) && !/[“"]/.test(text.slice(start, end - 1))) {
    end--;
    while (end > start && /[\s,.;:!?—–-]/.test(text[end - 1]!)) end--;
  }
  return [start, end];
}


/** Verbs whose content, without "that" or a quotation, is a phrase that ends at the first comma. */
const PHRASE_OBJ = new Set([
  'criticize', 'criticise', 'praise', 'condemn', 'denounce', 'blast', 'slam', 'blame', 'defend', 'endorse', 'dismiss', 'welcome',
  'applaud', 'thank', 'mock', 'oppose', 'support', 'challenge', 'ridicule', 'rebuke', 'decry', 'hail', 'commend', 'lambast', 'tout',
  'reject', 'deny', 'pledge', 'vow', 'promise', 'urge', 'express', 'call', 'speak', 'describe', 'propose', 'demand', 'acknowledge',
  'confirm', 'announce', 'accuse', 'threaten', 'ask', 'cite', 'highlight', 'underline', 'underscore', 'detail', 'outline', 'recall',
  'reveal', 'disclose', 'dispute', 'criticize', 'praise', 'mention', 'share', 'update', 'inform', 'assure', 'request', 'order', 'appeal',
]);
/** Verbs that are cues only with a clause or a quotation as complement ("agreed that", not "agreed on a deal"). */
const NEEDS_CLAUSE = new Set([
  'agree', 'disagree', 'share', 'continue', 'demand', 'ask', 'show', 'find', 'propose', 'update', 'order', 'request', 'post', 'question',
  'answer', 'detail', 'outline', 'project', 'forecast', 'calculate', 'assess', 'convey', 'relay', 'observe', 'brief', 'signal', 'hint',
  'charge', 'counter', 'wonder', 'know', 'see', 'understand', 'recognize', 'recognise', 'realize', 'realise', 'feel', 'figure',
  'expect', 'hope', 'fear', 'worry', 'doubt', 'suspect', 'assume', 'reckon', 'concur', 'instruct', 'advise', 'notify', 'brief',
  'imply', 'preach', 'remark', 'conclude', 'speculate', 'guess', 'surmise', 'proclaim', 'muse', 'joke', 'exclaim', 'shout', 'whisper', 'lament', 'plead',
  'beg', 'appeal', 'confide', 'recount', 'maintain', 'write', 'tweet', 'testify', 'comment', 'post', 'underline', 'highlight', 'underscore', 'mention', 'report', 'state', 'note', 'claim',
]);
/** Forms that are as often nouns as verbs; checked with a part-of-speech tagger. */
const NOUNISH = /^(supports?|thanks?|praises?|challenges?|welcomes?|blames?|mocks?|hails?|touts?|defends?|opposes?|reports?|claims?|demands?|updates?|orders?|disputes?|answers?|comments?|estimates?|questions?|calls?|promises?|pledges?|notes?|states?|shows?|posts?|requests?|appeals?|vows?|signals?|hints?|quotes?|charges?|counters?|details?|outlines?|jokes?|projects?|forecasts?|briefs?|tweets?|replies|reply|responds?|warns?|adds?|fears?|hopes?|doubts?|concerns?|tells?|notices?|remarks?|accounts?|findings?|shares?|cites?|figures?|thinks?|believes?|feels?|knows?|sees?|wonders?|insists?|argues?|explains?|admits?|vows?)$/;
const WEEKDAY = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
const PREPS = new Set(['of', 'in', 'for', 'amid', 'with', 'by', 'from', 'on', 'at', 'about', 'into', 'over', 'after', 'before', 'without', 'against', 'among', 'during', 'through', 'under', 'via', 'upon', 'per', 'despite', 'toward', 'towards']);
const BE_AUX = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'be', 'get', 'gets', 'got', 'am', "'s", '’s']);
const REL = new Set(['who', 'which', 'that']);

const tagCache = new Map<string, Set<number>>();
/** Whether compromise tags the token at `start` as a verb, judged on a window of words around it. */
function taggedVerb(tokens: Token[], c: number, text: string): boolean {
  const a = tokens[Math.max(0, c - 6)]!;
  const b = tokens[Math.min(tokens.length - 1, c + 5)]!;
  const win = text.slice(a.start, b.end);
  let verbs = tagCache.get(win);
  if (!verbs) {
    verbs = new Set<number>();
    const json = nlp(win).json({ offset: true, terms: { offset: true } }) as Array<{ terms: Array<{ offset?: { start: number }; tags: string[] }> }>;
    for (const sj of json) for (const t of sj.terms) if (t.offset && t.tags.includes('Verb')) verbs.add(t.offset.start);
    if (tagCache.size > 2000) tagCache.clear();
    tagCache.set(win, verbs);
  }
  return verbs.has(tokens[c]!.start - a.start);
}

function isAdverb(t: Token | undefined): boolean {
  return !!t && t.kind === 'word' && (ADV_BEFORE_CUE.has(t.lower) || (/ly$/.test(t.lower) && t.lower.length > 4 && !/^(only|early|family|ally|italy|rally|july|daily|weekly|monthly|reply|supply|apply|fly|holy|assembly)$/.test(t.lower)));
}

/** The span of a complement after the cue: skips a listener, adverbials and finds "that" or a quotation. */
function complementStart(tokens: Token[], k: number, base: string, quotes: Quote[], text: string): { k: number; quote?: Quote; clause: boolean } {
  if (TAKES_LISTENER.has(base) && tokens[k] && tokens[k]!.lower !== 'that' && !/^[“"‘:,]$/.test(tokens[k]!.text)) {
    const obj = npAfter(tokens, k);
    if (obj) k = obj[1];
  }
  const direct = tokens[k] ? quoteStartingAt(quotes, tokens[k]!.start, text) : undefined;
  if (direct) return { k, quote: direct, clause: true };
  let m = k;
  let steps = 0;
  while (tokens[m] && steps < 20 && tokens[m]!.lower !== 'that' && !/^[“"]$/.test(tokens[m]!.text) && !/^[.;!?]$/.test(tokens[m]!.text)) {
    // another cue ends the search, except a participle set off by commas: "told Blinken, referring to ..., “...”"
    const setOff = tokens[m - 1]?.text === ',' && /ing$/.test(tokens[m]!.lower);
    if (cueForm(tokens[m]!.lower) && steps > 0 && !setOff && !tokens.slice(Math.max(k, m - 3), m).some((x) => x.lower === 'what')) break;
    m++;
    steps++;
  }
  const stop = tokens[m];
  // "said on Monday in a statement that ...": only an adjunct lies between the cue and "that";
  // in "said the report is the latest issue that ..." the "that" belongs to the content
  if (stop && stop.lower === 'that' && steps <= 12 && (steps === 0 || opensAdjunct(tokens[k]))) return { k: m, clause: true };
  // a quotation is the whole content only when it is set off ("said, “...”", "said in a statement: “...”")
  if (stop && /^[“"]$/.test(stop.text) && (steps === 0 || tokens[m - 1]?.text === ',' || tokens[m - 1]?.text === ':' || tokens.slice(k, m).every((x) => x.kind === 'punct'))) {
    const qq = quoteStartingAt(quotes, stop.start, text);
    if (qq) return { k: m, quote: qq, clause: true };
  }
  const first = tokens[k];
  const clause = !!first && (first.text === ':' || /^(whether|if|why|how|what|when|where|who)$/.test(first.lower));
  return { k, clause };
}

/**
 * For a verb of intention at `c`, the index of the "to" of its infinitive content: "declined to comment",
 * "urged Obama not to close" (an addressee of a few words first); null when there is none.
 */
function infinitiveAfter(tokens: Token[], c: number): number | null {
  const base = intentionForm(tokens[c]!.lower);
  if (!base) return null;
  let k = c + 1;
  if (tokens[k]?.lower === 'not') k++;
  if (tokens[k]?.lower === 'to' && tokens[k + 1]?.kind === 'word') return k;
  if (!INTENTION_WITH_OBJECT.has(base)) return null;
  const obj = npAfter(tokens, c + 1);
  if (!obj || obj[1] - obj[0] > 6) return null;
  k = obj[1];
  if (tokens[k]?.lower === 'not') k++;
  return tokens[k]?.lower === 'to' && tokens[k + 1]?.kind === 'word' ? k : null;
}

/**
 * Forms that are cues only in some company: "thought" and "states" with a "that" clause ("we thought
 * tax deals had slowed" is a narrator's aside, "states" mostly a noun), "thanks to" is a preposition,
 * and a bare evaluation verb after a modal ("would endorse") reports no stance taken.
 */
function cueFormFits(tokens: Token[], c: number, form: { base: string; cls: CueClass }): boolean {
  const w = tokens[c]!.lower;
  const next = tokens[c + 1];
  if ((w === 'thought' || w === 'states' || w === 'add') && next?.lower !== 'that' && next?.text !== ':' && !/^[“"]$/.test(next?.text ?? '')) return false;
  if (w === 'thanks' && next?.lower === 'to') return false;
  if (form.cls === 'evaluation' && w === form.base && /^(will|would|could|should|may|might|must|can|cannot|not|n't|to)$/.test(tokens[c - 1]?.lower ?? '')) return false;
  return true;
}

/** Where a phrase starting at token `k` ends: the first comma, semicolon or dash outside a quotation, else `fallback`. */
function clauseEnd(tokens: Token[], k: number, inQuote: (t: Token) => boolean, fallback: number): number {
  for (let m = k + 1; m < tokens.length; m++) {
    const x = tokens[m]!;
    if (/^[,;—–]$/.test(x.text) && !inQuote(x)) return x.start;
  }
  return fallback;
}

/** Whether a word opens an adjunct (a prepositional or time phrase, an adverb, a comma) rather than a clause. */
function opensAdjunct(t: Token | undefined): boolean {
  if (!t) return false;
  return t.text === ',' || /^[—–-]$/.test(t.text) || PREPS.has(t.lower) || isAdverb(t) || /^(yesterday|today|tonight|last|this|earlier|later|recently|monday|tuesday|wednesday|thursday|friday|saturday|sunday|during|while|when|as)$/.test(t.lower);
}

/** One sentence as the attribution rules see it. */
interface SentenceScan {
  s: Sentence;
  text: string;
  tokens: Token[];
  quotes: Quote[];
  prev: Sentence | null;
  /** Tokens already part of an attribution (a source phrase, "quoted Y as saying"). */
  used: Set<number>;
  /** Quotations long enough that cue words inside them are the quoted speaker's, not the article's. */
  longQuotes: Quote[];
  inQuote: (t: Token) => boolean;
}

/** A cue verb found at token `c`. */
interface CueAt {
  c: number;
  t: Token;
  form: { base: string; cls: CueClass };
  base: string;
  /** Token index after the cue ("pointed out" spans two). */
  cueEnd: number;
  /** "called today, after a summit, for a truce": the content starts at the "for" the adjuncts put off. */
  callFor: number | null;
  next: Token | undefined;
  /** A sentence that opens with "Said X, ..." */
  initialSaid: boolean;
}

/** The speaker found for a cue, or how it will be found (inverted "said X", inherited). */
interface SpeakerAt {
  /** The token left of the cue after adverbs and time phrases. */
  l: number;
  speaker: [number, number] | null;
  /** A relative "who" standing for the speaker. */
  relTok: number | null;
  inverted: boolean;
  inherit: boolean;
}

/** Quotations longer than this (in characters) hide the cue words inside them. */
const MIN_BLOCKING_QUOTE_CHARS = 30;
/** How many time phrases and adverbs are skipped left of a cue to find its subject ("on Thursday evening"). */
const TIME_PHRASE_SKIPS = 4;

/** Rule "according to X": a source phrase ("according to", "as per", "as reported by") names the speaker; the content is the rest of the sentence, or what comes before it. */
function sourcePhraseRule(scan: SentenceScan, c: number): { attr: Attr | null; next: number } | null {
  const { s, text, tokens, quotes, prev, used } = scan;
  const t = tokens[c]!;
  const acc = sourcePhrase(tokens, c);
  if (!acc) return null;
  const np = npAfter(tokens, acc.npStart);
  if (np) {
    for (let k = c; k < np[1]; k++) used.add(k);
    let after = np[1];
    // "according to a senior US official as quoted by CNN": the second source names the channel
    const chained = sourcePhrase(tokens, after);
    if (chained) {
      const np2 = npAfter(tokens, chained.npStart);
      if (np2) { for (let k = after; k < np2[1]; k++) used.add(k); after = np2[1]; }
    }
    let cs: number;
    let ce: number;
    const lead = tokens.slice(0, c).every((x) => x.kind === 'punct' || /^(and|but|so|also|however)$/.test(x.lower));
    if (lead) {
      cs = tokens[after]?.start ?? s.end;
      ce = s.end;
      if (trimContent(text, cs, ce)[1] <= trimContent(text, cs, ce)[0] && prev) { cs = prev.start; ce = prev.end; }
    } else if (tokens[c - 1]?.text === ',' && tokens[after]?.text === ',' && tokens.length - after > 4) {
      // parenthetical: "Other major cleavages, according to the poll, include ..."
      cs = s.start;
      ce = s.end;
    } else {
      const qb = quoteEndingAt(quotes, t.start, text);
      const wholeQuote = qb && qb.start <= (tokens[1]?.start ?? s.start) && qb.start >= s.start;
      cs = wholeQuote ? qb.start : s.start;
      ce = wholeQuote ? qb.end : t.start;
    }
    [cs, ce] = trimContent(text, cs, ce);
    const attr: Attr | null = ce > cs ? {
      speakerTok: [np[0], np[1]], speakerText: textOf(text, tokens, np), cue: [c, acc.npStart], cueText: text.slice(t.start, tokens[acc.npStart - 1]!.end),
      start: cs, end: ce, resolved: null,
    } : null;
    return { attr, next: after - 1 };
  }
  return null;
}

/** A cue verb at token `c`, after the checks that tell a verb of saying from a noun, a passive or an infinitive; null when there is none. */
function cueAt(scan: SentenceScan, c: number): CueAt | null {
  const { text, tokens, longQuotes } = scan;
  const t = tokens[c]!;
  const initialSaid = c === 0 && /^(Said|Says|Added|Asked|Wrote)$/.test(t.text) && tokens[1] && /^\p{Lu}/u.test(tokens[1].text);
  if (t.text !== t.lower && !/^[a-z]/.test(t.text) && !initialSaid) return null; // "State", "States": names, not verbs
  const intent = infinitiveAfter(tokens, c);
  const form: { base: string; cls: CueClass } | null = intent !== null ? { base: intentionForm(t.lower)!, cls: 'intention' } : cueForm(t.lower);
  if (!form) return null;
  const base = form.base;
  let cueEnd = c + 1;
  /** "called today, after a summit, for a truce": the content starts at the "for" the adjuncts put off. */
  let callFor: number | null = null;
  const next = tokens[c + 1];
  const prevTok = tokens[c - 1];
  // phrasal cues
  if (form.cls === 'intention') { /* "declined to comment", "urged Congress to act": the infinitive is the content */ }
  else if (base === 'point') { if (next?.lower === 'out') cueEnd = c + 2; else return null; }
  // "called for", "called on"; "called Trump “unhinged”" (naming, with a quotation in the clause)
  if (base === 'call' && !(next && /^(for|on)$/.test(next.lower))) {
    // "called today, following a summit in Brussels, for a truce"
    const forAt = tokens.findIndex((x, i) => i > c + 1 && i <= c + 14 && x.lower === 'for');
    if (forAt > 0 && !tokens.slice(c + 1, forAt).some((x) => x.text === '.' || x.lower === 'that' || /^[“"]$/.test(x.text)) && tokens.slice(c + 1, forAt).filter((x) => x.text === ',').length !== 1) {
      cueEnd = c + 1;
      callFor = forAt;
    } else {
    const clauseEnd = tokens.findIndex((x, i) => i > c && /^[,;.]$/.test(x.text) && !longQuotes.some((q) => x.start > q.start && x.end < q.end));
    const span = tokens.slice(c + 1, clauseEnd < 0 ? tokens.length : clauseEnd + 1);
    if (!span.some((x) => /^[“"]$/.test(x.text))) return null;
    }
  }
  if (form.cls === 'intention') { /* no phrasal checks */ }
  else if (base === 'speak' && !(next && /^(of|about)$/.test(next.lower))) return null;
  if (form.cls !== 'intention' && base === 'express' && !(next && /^(its|his|her|their|the|concern|hope|support|readiness|willingness|regret|confidence|optimism|doubt)$/.test(next.lower))) return null;
  // nouns and participles that look like cue verbs
  if (prevTok && (DETS.has(prevTok.lower) || PREPS.has(prevTok.lower) || prevTok.text === "'s" || prevTok.text === '’s' || /['’]s$/.test(prevTok.lower))) {
    if (!(prevTok.lower === 'that' || (DETS.has(prevTok.lower) && /^(one|two|three|many|some|other|several)$/.test(prevTok.lower)))) return null;
  }
  if (prevTok?.lower === 'to' || prevTok?.lower === 'not' && tokens[c - 2]?.lower === 'to') return null; // "to confirm"
  if (!cueFormFits(tokens, c, form)) return null;
  if (/ed$|^(said|told|thought|known|shown|found|written|spoken|quoted)$/.test(t.lower)) {
    let b = c - 1;
    while (isAdverb(tokens[b]) && !BE_AUX.has(tokens[b]!.lower)) b--;
    if (tokens[b] && BE_AUX.has(tokens[b]!.lower) && !(base === 'quote' && next?.lower === 'as')) return null; // passive
  }
  if (/ing$/.test(t.lower)) {
    let b = c - 1;
    while (isAdverb(tokens[b]) && !BE_AUX.has(tokens[b]!.lower)) b--;
    const lb = tokens[b];
    if (!lb || !(lb.text === ',' || /^[”"—–-]$/.test(lb.text) || /^(and|but|or|while|when|after|before|by|is|are|was|were|been|be|am|also|keeps|kept)$/.test(lb.lower))) return null;
    if (lb && /^(after|before|by|when|while)$/.test(lb.lower) && base !== 'say' && base !== 'tell') return null;
  }
  const subjNp = prevTok ? npBefore(tokens, c - 1, 0) : null;
  const clearSubject = !!prevTok && (/^\p{Lu}/u.test(prevTok.text) || PRONOUN_SUBJ.has(prevTok.lower) || (!!subjNp && /^(the|a|an|this|his|her|its|their)$/.test(tokens[subjNp[0]]!.lower) && !/s$/.test(prevTok.lower)));
  if (NOUNISH.test(t.lower) && !/^(says|said|told|tells)$/.test(t.lower) && !(clearSubject && next && (next.lower === 'that' || next.text === ':' || /^[“"]$/.test(next.text))) && !taggedVerb(tokens, c, text)) return null;
  return { c, t, form, base, cueEnd, callFor, next, initialSaid: !!initialSaid };
}

/** Rule "X quoted Y as saying ...": Y is the speaker. */
function quotedAsSayingRule(scan: SentenceScan, cue: CueAt): { attr: Attr | null; next: number } | null {
  const { s, text, tokens, quotes, used } = scan;
  const { c, t } = cue;
  // "X quoted Y as saying (that) ..."
  if (cue.base === 'quote') {
    const y = npAfter(tokens, c + 1);
    if (y && tokens[y[1]]?.lower === 'as' && tokens[y[1] + 1]?.lower === 'saying') {
      for (let k = c; k < y[1] + 2; k++) used.add(k);
      const comp = complementStart(tokens, y[1] + 2, 'say', quotes, text);
      let cs = comp.quote ? comp.quote.start : (tokens[comp.k]?.start ?? s.end);
      let ce = comp.quote ? comp.quote.end : s.end;
      [cs, ce] = trimContent(text, cs, ce);
      return { attr: ce > cs ? { speakerTok: y, speakerText: textOf(text, tokens, y), cue: [c, c + 1], cueText: t.text, start: cs, end: ce, resolved: null } : null, next: y[1] + 1 };
    }
  }
  return null;
}

/** Who speaks: the subject to the left of the cue (past adverbs and a time phrase), a relative "who", an apposition, or none yet (an inverted "said X" or a speaker inherited from an earlier cue). */
function speakerOf(scan: SentenceScan, cue: CueAt): SpeakerAt | null {
  const { tokens } = scan;
  const { c, t, initialSaid } = cue;
  // subject: skip adverbs / auxiliaries and a time phrase to the left ("Sean Spicer on Thursday evening said")
  let l = c - 1;
  for (let guard = 0; guard < TIME_PHRASE_SKIPS; guard++) {
    while (l >= 0 && isAdverb(tokens[l])) l--;
    const tl = tokens[l];
    if (tl && /^(morning|afternoon|evening|night)$/.test(tl.lower) && WEEKDAY.test(tokens[l - 1]?.lower ?? '')) l--;
    if (tokens[l] && (WEEKDAY.test(tokens[l]!.lower) || /^(yesterday|today|tonight)$/.test(tokens[l]!.lower))) {
      l--;
      if (tokens[l] && /^(on|last|this|late|early|earlier|later)$/.test(tokens[l]!.lower)) l--;
      continue;
    }
    if (tokens[l] && /^(week|month|year)$/.test(tokens[l]!.lower) && /^(last|this)$/.test(tokens[l - 1]?.lower ?? '')) { l -= 2; continue; }
    break;
  }
  if (l < c - 1 && tokens[l]?.text === ',' && tokens[l - 1]?.text === ')') l--;
  let speaker: [number, number] | null = null;
  let relTok: number | null = null;
  let inverted = false;
  let inherit = false;
  const left = tokens[l];
  if (!left) {
    if (initialSaid) inverted = true; // "Said Dorothy Poynter, who grew up with Ali, “...”"
    else if (c > 0) inherit = true; // "Also said ..."
    else return null;
  } else if (left.kind === 'word' && REL.has(left.lower) && l > 0) {
    // "Yocheved Lifshitz who told the media that ...", "the official, who ..."
    let b = l - 1;
    if (tokens[b]?.text === ',') b--;
    speaker = npBefore(tokens, b, 0);
    if (!speaker) return null;
    relTok = l;
  } else if (left.kind === 'word' && left.lower === 'what' ) {
    return null; // "what he described as"
  } else if (left.kind === 'word' || left.kind === 'num' || left.text === '’s' || left.text === "'s") {
    if (/^(and|but|or|then|while|also|yet)$/.test(left.lower)) inherit = true;
    else {
      speaker = npBefore(tokens, l, 0);
      if (speaker && tokens[speaker[0] - 1]?.lower === 'what') return null;
      if (speaker && (speaker[1] - speaker[0]) === 1 && /^(there|here|this|that|it)$/i.test(tokens[speaker[0]]!.text) && tokens[speaker[0]]!.lower !== 'it') return null;
    }
  } else if (left.text === ',' && tokens[l - 1]?.text === ')') {
    let b = l - 2;
    while (b >= 0 && tokens[b]!.text !== '(' && l - b < 10) b--;
    if (b <= 0 || tokens[b]!.text !== '(') return null;
    speaker = npBefore(tokens, b - 1, 0);
    if (!speaker) return null;
    speaker = [speaker[0], l];
  } else if (left.text === ',' || /^[–—-]$/.test(left.text) || /^[”"’]$/.test(left.text)) {
    const app = /^[”"’]$/.test(left.text) ? null : appositiveSubject(tokens, l);
    if (app) speaker = app;
    else if (/ing$/.test(t.lower)) inherit = true;
    else inverted = true;
  } else if (left.text === ')') {
    // "Gov. John Kasich (R-OH) said"
    let b = l - 1;
    while (b >= 0 && tokens[b]!.text !== '(' && l - b < 8) b--;
    if (b <= 0 || tokens[b]!.text !== '(') return null;
    speaker = npBefore(tokens, b - 1, 0);
    if (!speaker) return null;
    speaker = [speaker[0], l + 1];
  } else if (left.text === ':' || left.text === '(') {
    return null;
  } else inverted = /^[”"]$/.test(left.text);
  if (!speaker && !inherit && !inverted) return null;
  return { l, speaker, relTok, inverted, inherit };
}

/** The content of a cue with its speaker: a quotation before or after it, a clause, an infinitive, or the words before a parenthetical "X said". */
function contentOf(scan: SentenceScan, cue: CueAt, who: SpeakerAt): { start: number; end: number; needsClauseOk: boolean; speaker: [number, number] | null; speakerText: string | null } | null {
  const { s, text, tokens, quotes, used, inQuote } = scan;
  const { c, t, base, form, cueEnd, callFor, initialSaid } = cue;
  const { l, relTok, inverted } = who;
  let speaker = who.speaker;
  let start: number;
  let end: number;
  let speakerText: string | null = speaker ? textOf(text, tokens, speaker) : null;
  let needsClauseOk = false;
  if (inverted) {
    // "“...,” said X." / "..., said X."
    const np = npAfter(tokens, cueEnd);
    if (!np) return null;
    speaker = np;
    speakerText = textOf(text, tokens, np);
    const qEnd = quoteEndingAt(quotes, t.start, text);
    if (initialSaid) {
      const qa = quotes.find((x) => x.start > tokens[np[1] - 1]!.end && x.start < s.end);
      if (qa) { start = qa.start; end = qa.end; } else { start = tokens[np[1]]?.start ?? s.end; end = s.end; }
    } else if (qEnd && qEnd.start < t.start) { start = opensClause(tokens, qEnd.start) ? qEnd.start : s.start; end = qEnd.end; }
    else { start = s.start; end = tokens[l]!.start; }
    // the quotation goes on after the speaker: "..., explained Rosenberg, “with this thing ...”"
    const qAfter = tokens[np[1]]?.text === ',' ? quoteStartingAt(quotes, tokens[np[1]]!.end, text) : undefined;
    if (qAfter && !initialSaid) end = qAfter.end;
    if (prevSentenceQuote(quotes, qEnd, s)) start = Math.min(start, qEnd!.start);
    for (let k = c; k < np[1]; k++) used.add(k);
    needsClauseOk = true;
  } else {
    // an infinitive ("declined to comment") or an object phrase ("citing low growth", "referring to X") is the content as it stands
    const objectOnly = form.cls === 'intention' || base === 'cite';
    const comp = objectOnly ? { k: cueEnd, clause: false, quote: undefined } : callFor !== null ? { k: callFor, clause: true, quote: undefined } : complementStart(tokens, cueEnd, base, quotes, text);
    // content before the speaker: "“...,” X said (to reporters on Monday)."
    let restEnd = tokens.length;
    for (let m = comp.k; m < tokens.length - 1; m++) {
      if (tokens[m]!.text === ',' && /ing$/.test(tokens[m + 1]!.lower) && cueForm(tokens[m + 1]!.lower)) { restEnd = m; break; }
    }
    const rest = tokens.slice(comp.k, restEnd).filter((x) => !/^[.!?]$/.test(x.text));
    const qBefore = speaker ? quoteEndingAt(quotes, tokens[speaker[0]]!.start, text) : undefined;
    // after a quotation and its speaker, a short quoted name in an adjunct is a title: said on MSNBC's "Morning Joe"
    const qBeforeSpeaker = (x: Token): boolean => !!qBefore && !!quotes.find((q) => q.start <= x.start && q.end >= x.end && q.end - q.start < 40);
    const adjunctOpener = rest.length > 0 && (rest[0]!.text === ',' || PREPS.has(rest[0]!.lower) || /^(yesterday|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|last|earlier|later|recently|afterward|afterwards|in|at|on|during|this|when|as|after|before|while)$/.test(rest[0]!.lower));
    const restIsAdjunct = rest.length === 0 || (rest.length <= 25 && adjunctOpener && !rest.some((x) => x.lower === 'that' || (/^[“"]$/.test(x.text) && !qBeforeSpeaker(x))));
    // parenthetical: "In three years, Barden says, far too many lives have been lost"
    const parenthetical = speaker && tokens[speaker[0] - 1]?.text === ',' && tokens[cueEnd]?.text === ',' && !qBefore && !comp.quote && tokens.length - cueEnd > 4;
    const restHasContent = rest.some((x) => x.lower === 'that' || x.text === ':' || /^[“"]$/.test(x.text));
    if (objectOnly) {
      start = tokens[comp.k]?.start ?? s.end;
      end = clauseEnd(tokens, comp.k, inQuote, s.end);
      needsClauseOk = true;
    } else if (parenthetical) {
      start = s.start;
      end = s.end;
      needsClauseOk = true;
    } else if (comp.quote && qBefore && tokens[speaker![0] - 1] && /^[,”"]$/.test(tokens[speaker![0] - 1]!.text) && tokens[cueEnd]?.text === ',') {
      // a quotation split by its attribution: “The benefit ...,” Traynor said, “is being ...”
      start = opensClause(tokens, qBefore.start) ? qBefore.start : s.start;
      end = comp.quote.end;
      needsClauseOk = true;
    } else if (!comp.quote && qBefore && (restIsAdjunct || !restHasContent) && !comp.clause) {
      start = opensClause(tokens, qBefore.start) ? qBefore.start : s.start;
      end = qBefore.end;
      needsClauseOk = true;
    } else if (!comp.quote && restIsAdjunct && speaker && commaBefore(tokens, speaker[0]) !== null && !comp.clause) {
      start = s.start;
      end = tokens[commaBefore(tokens, speaker[0])!]!.start;
      needsClauseOk = true;
    } else if (comp.quote) {
      start = comp.quote.start;
      end = comp.quote.end;
      needsClauseOk = true;
    } else if (base === 'estimate' && !comp.clause && tokens[comp.k]?.lower !== 'that') {
      // "X estimated the number of Y at (at least) N": the content runs to the figure
      let m = comp.k;
      while (tokens[m] && tokens[m]!.text !== ',' && tokens[m]!.text !== ';' && !(tokens[m]!.lower === 'at' || tokens[m]!.lower === 'as')) m++;
      if (!tokens[m] || tokens[m]!.text === ',' || tokens[m]!.text === ';') return null;
      let e = m + 1;
      while (tokens[e] && tokens[e]!.kind !== 'num' && e - m < 5) e++;
      if (!tokens[e]) return null;
      while (tokens[e + 1] && /^(million|billion|thousand|hundred)$/.test(tokens[e + 1]!.lower)) e++;
      // "whose number the army estimated at at least 240": the object came first, the content is the figure itself
      start = (m === comp.k ? tokens[m + 1]?.start : tokens[comp.k]?.start) ?? s.end;
      end = tokens[e]!.end;
      needsClauseOk = true;
    } else {
      const k = comp.k;
      start = tokens[k]?.start ?? s.end;
      end = s.end;
      // a non-restrictive relative clause (", who told the press that ..., left") closes at its comma
      const phrase = objectOnly || (PHRASE_OBJ.has(base) && tokens[k]?.lower !== 'that' && !comp.clause) || (relTok !== null && tokens[relTok - 1]?.text === ',');
      needsClauseOk = comp.clause || tokens[k]?.lower === 'that' || objectOnly;
      for (let m = k; m < tokens.length; m++) {
        const x = tokens[m]!;
        if (x.text === ';') { end = x.start; break; }
        // a comma before a new, unattributed clause: ", compared with ...", ", while ...", " whereas ..."
        if (m > k + 2 && !inQuote(x) && ((x.text === ',' && /^(however|while|whereas|compared|despite|unlike|putting|making|leaving|prompting|meanwhile)$/.test(tokens[m + 1]?.lower ?? '')) || /^(whereas)$/.test(x.lower))) { end = x.start; break; }
        if (phrase && x.text === ',' && !inQuote(x)) { end = x.start; break; }
        // a following participial cue (", adding that") or a source phrase starts a new claim
        let n = m + 1;
        while (tokens[n] && /^[”"’]$/.test(tokens[n]!.text)) n++;
        if (x.text === ',' && tokens[n] && /ing$/.test(tokens[n]!.lower) && cueForm(tokens[n]!.lower)) { end = x.start; if (/^[”"]$/.test(tokens[m + 1]?.text ?? '')) end = tokens[m + 1]!.end; break; }
        if (x.text === ',' && tokens[m + 1] && sourcePhrase(tokens, m + 1)) { end = x.start; break; }
        // ", and added: ...", "and called his standing ...", ", said one candidate"
        if ((x.text === ',' || x.lower === 'and' || x.lower === 'but') && m > k + 2 && !inQuote(x)) {
          let n2 = m + 1;
          while (tokens[n2] && (/^(and|but|then|also|later)$/.test(tokens[n2]!.lower) || isAdverb(tokens[n2]))) n2++;
          const nx = tokens[n2];
          if (nx && nx.kind === 'word' && /^[a-z]/.test(nx.text) && cueForm(nx.lower)?.cls === 'speech' && /(ed|said|told|wrote|says|adds|notes|ing)$/.test(nx.lower) && !NOUNISH.test(nx.lower)) { end = x.start; break; }
        }
      }
    }
  }
  return { start, end, needsClauseOk, speaker, speakerText };
}

/** Rule "X said ...": a cue verb with its speaker and content, in every word order the rules know. */
function cueVerbRule(scan: SentenceScan, cue: CueAt): Attr | null {
  const { text, tokens } = scan;
  const { c, t, base, form, cueEnd } = cue;
  const who = speakerOf(scan, cue);
  if (!who) return null;
  const { relTok, inherit } = who;
  const content = contentOf(scan, cue, who);
  if (!content) return null;
  let { start, end } = content;
  const { needsClauseOk, speaker, speakerText } = content;
  const pollSubject = !!speakerText && /\b(poll|polls|survey|surveys|study|studies|data|results|figures|numbers|records|documents|emails|video|report|analysis|review|filings)\b/i.test(speakerText);
  if (NEEDS_CLAUSE.has(base) && !needsClauseOk && !((base === 'show' || base === 'find') && pollSubject)) return null;
  if (form.cls === 'cognition' && !needsClauseOk && !['think', 'believe'].includes(base)) return null;
  [start, end] = trimContent(text, start, end);
  if (end <= start) return null;
  return {
    speakerTok: speaker,
    speakerText,
    cue: [c, cueEnd],
    cueText: text.slice(t.start, tokens[cueEnd - 1]!.end),
    start,
    end,
    resolved: null,
    cls: form.cls,
    inheritFrom: inherit && !speaker,
    mentionTok: relTok !== null ? [relTok, relTok + 1] : undefined,
  };
}

/** A later attribution set off by a comma ends an earlier content: "..., several media reports indicated ...". */
function endContentsAtLaterSpeakers(scan: SentenceScan, out: Attr[]): void {
  const { text, tokens, inQuote } = scan;
  for (const a of out) {
    for (const b of out) {
      if (a === b || !b.speakerTok || b.cls === 'intention') continue;
      const bs = tokens[b.speakerTok[0]]!;
      let bi = b.speakerTok[0] - 1;
      if (/^(and|but|while)$/.test(tokens[bi]?.lower ?? '')) bi--;
      const before = tokens[bi];
      const cut = before?.text === ',' ? before : /^(while|whereas)$/.test(tokens[b.speakerTok[0] - 1]?.lower ?? '') ? tokens[b.speakerTok[0] - 1] : undefined;
      if (cut && bs.start > a.start && bs.start < a.end && b.cue[0] > b.speakerTok[0] && !/^[“"]/.test(text[a.start] ?? '')) {
        a.end = trimContent(text, a.start, cut.start)[1];
      } else if (!cut && bs.start > a.start && bs.start < a.end && b.cue[0] > b.speakerTok[0] && !/^[“"]/.test(text[a.start] ?? '')) {
        // "they are undecided, 27 percent of those who named a candidate said ...": the last comma before it
        let k = b.speakerTok[0] - 1;
        while (k >= 0 && tokens[k]!.start > a.start && tokens[k]!.text !== ',' && tokens[k]!.lower !== 'that') k--;
        if (k >= 0 && tokens[k]!.text === ',' && tokens[k]!.start > a.start && !inQuote(tokens[k]!)) a.end = trimContent(text, a.start, tokens[k]!.start)[1];
      }
    }
  }
}

/** Drops what is not a statement of its own: an intention nested in another statement's content, a content of fewer than two words. */
function keepStatements(scan: SentenceScan, out: Attr[]): Attr[] {
  const { text, tokens } = scan;
  // an intention inside another statement's content is part of that statement
  const nested = (a: Attr): boolean => a.cls === 'intention' && out.some((b) => b !== a && b.cls !== 'intention' && tokens[a.cue[0]]!.start >= b.start && tokens[a.cue[0]]!.start < b.end);
  // a content is a statement, not a word: "today", "that", "yes" say nothing a reader can check
  return out.filter((a) => {
    if (a.end <= a.start || nested(a)) return false;
    const words = text.slice(a.start, a.end).match(/[\p{L}\p{N}]+/gu) ?? [];
    return words.length >= 2;
  });
}

/** Attributions in one sentence: each token is tried as a source phrase, then as a cue verb. */
function findAttributions(s: Sentence, text: string, quotes: Quote[], prev: Sentence | null, headline: boolean): Attr[] {
  const tokens = s.tokens;
  const longQuotes = quotes.filter((q) => q.end - q.start > MIN_BLOCKING_QUOTE_CHARS && q.end > s.start && q.start < s.end);
  const scan: SentenceScan = {
    s, text, tokens, quotes, prev, used: new Set<number>(), longQuotes,
    inQuote: (t: Token): boolean => longQuotes.some((q) => t.start > q.start && t.end < q.end),
  };
  const out: Attr[] = [];
  for (let c = 0; c < tokens.length; c++) {
    if (scan.used.has(c) || scan.inQuote(tokens[c]!)) continue;
    const bySource = sourcePhraseRule(scan, c);
    if (bySource) {
      if (bySource.attr) out.push(bySource.attr);
      c = bySource.next;
      continue;
    }
    if (tokens[c]!.kind !== 'word' || headline) continue;
    const cue = cueAt(scan, c);
    if (!cue) continue;
    const quoted = quotedAsSayingRule(scan, cue);
    if (quoted) {
      if (quoted.attr) out.push(quoted.attr);
      c = quoted.next;
      continue;
    }
    const attr = cueVerbRule(scan, cue);
    if (!attr) continue;
    out.push(attr);
    c = cue.cueEnd - 1;
  }
  endContentsAtLaterSpeakers(scan, out);
  return keepStatements(scan, out);
}

/** Whether a quotation starting at `pos` opens its sentence (only punctuation or a conjunction before it). */
function opensClause(tokens: Token[], pos: number): boolean {
  const before = tokens.filter((t) => t.end <= pos);
  return before.every((t) => t.kind === 'punct' || /^(and|but|so|yet)$/.test(t.lower));
}

/** The comma that sets off a speaker phrase ("..., a report by The New York Times revealed."), within a few words. */
function commaBefore(tokens: Token[], i: number): number | null {
  for (let b = i - 1; b >= Math.max(0, i - 5); b--) {
    const x = tokens[b]!;
    if (x.text === ',') return b;
    if (x.kind !== 'word' || NP_STOP.has(x.lower) && !/^(by|of|from|for)$/.test(x.lower)) return null;
  }
  return null;
}

function prevSentenceQuote(_quotes: Quote[], q: Quote | undefined, s: Sentence): boolean {
  return !!q && q.start < s.start;
}





function sourcePhrase(tokens: Token[], c: number): { npStart: number } | null {
  const w = tokens[c]?.lower;
  const n1 = tokens[c + 1]?.lower;
  const n2 = tokens[c + 2]?.lower;
  if (w === 'according' && n1 === 'to') return { npStart: c + 2 };
  if (w === 'as' && n1 === 'per') return { npStart: c + 2 };
  if (w === 'as' && n1 && /^(stated|reported|indicated|noted|announced|cited|quoted|revealed|confirmed|told)$/.test(n1) && n2 === 'by') return { npStart: c + 3 };
  if (w === 'as' && n1 === 'previously' && n2 === 'reported' && tokens[c + 3]?.lower === 'by') return { npStart: c + 4 };
  if (w === 'quoting' && tokens[c - 1]?.text === ',') return { npStart: c + 1 };
  return null;
}

/** "The leader, who is visiting Moscow, said" / "The official – who preferred ... – spoke" / "the spokesman, Abu Obeida, said". */
function appositiveSubject(tokens: Token[], l: number): [number, number] | null {
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

/** The headline form "...: NYT" / "... - Reuters": a short source name after a final colon. */
function headlineSource(s: Sentence, text: string): { start: number; end: number; name: string; contentEnd: number } | null {
  const m = /^(.{12,}?)\s*[:|]\s+([A-Z][A-Za-z.&' ]{1,30})$/.exec(s.text);
  if (!m) return null;
  const name = m[2]!.trim();
  if (name.split(' ').length > 4) return null;
  const start = s.start + s.text.lastIndexOf(name);
  void text;
  return { start, end: start + name.length, name, contentEnd: s.start + m[1]!.length };
}

/** Extracts claims: reported statements with their speaker, cue and content, and every figure stated. */
export function extractClaimsDetailed(original: string, ctx: ClaimsContext = {}): DetailedClaim[] {
  const text = normalizeQuoteMarks(original);
  tagCache.clear(); // per article: a cache across articles would only flatter repeated runs
  const aliases = ctx.aliases ?? defaultAliases();
  const tracker = new EntityTracker(aliases);
  const published = isoDay(ctx.publishedAt ?? null);
  const { sentences, quotes } = splitSentences(text);
  const claims: DetailedClaim[] = [];
  let lastResolved: Attr['resolved'] = null;
  const lexicon = ctx.lexicon ?? defaultLexicon();
  const names = personNames(text, lexicon.notNames);
  tracker.setNames(names);
  let prev: Sentence | null = null;
  for (const s of sentences) {
    try {
    const headline = isHeadline(s, sentences, text);
    const attrs = findAttributions(s, text, quotes, prev, headline);
    if (!attrs.length) {
      const colon = colonAttribution(s, text, quotes, sentences);
      if (colon) attrs.push(colon);
    }
    // a quotation that goes on after its attribution: "“...,” Barkley said. “They have followed ratings ...”"
    if (!attrs.length) continueQuote(s, text, quotes, claims, prev, sentences);
    prev = s;
    tracker.at(s.start);
    // register role-name mentions in the sentence ("National Security Council spokesman John Kirby speaks ...")
    noteNames(s, tracker);
    const sentenceClaims: DetailedClaim[] = [];
    for (const a of attrs) {
      let inheritedSpan: [number, number] | null = null;
      if (a.speakerText) a.resolved = tracker.resolve(a.speakerText);
      else if (a.inheritFrom) {
        const before = sentenceClaims.filter((c) => c.cueStart! < s.tokens[a.cue[0]]!.start && c.speaker);
        const last = before[before.length - 1];
        if (last) {
          a.resolved = resolvedOf(last);
          if (last.speakerStart != null) inheritedSpan = [last.speakerStart, last.speakerEnd!];
        } else {
          const subj = sentenceSubject(s);
          a.resolved = subj ? tracker.resolve(textOf(text, s.tokens, subj)) : lastResolved;
          if (subj) inheritedSpan = [s.tokens[subj[0]]!.start, s.tokens[subj[1] - 1]!.end];
        }
      }
      if (a.resolved) lastResolved = a.resolved;
      const sp = a.mentionTok ?? a.speakerTok;
      const cueStart = s.tokens[a.cue[0]]!.start;
      const cueEnd = s.tokens[a.cue[1] - 1]!.end;
      const claim: DetailedClaim = {
        speaker: a.resolved?.name ?? (a.speakerText ?? null),
        speakerStart: sp ? s.tokens[sp[0]]!.start : (inheritedSpan?.[0] ?? null),
        speakerEnd: sp ? s.tokens[sp[1] - 1]!.end : (inheritedSpan?.[1] ?? null),
        speakerKind: a.resolved?.kind ?? null,
        actor: a.resolved?.actor ?? a.speakerText ?? null,
        cueClass: a.cls ?? null,
        cue: a.cueText,
        cueStart,
        cueEnd,
        text: text.slice(a.start, a.end),
        start: a.start,
        end: a.end,
        claimedAt: null,
        quantities: [],
      };
      claim.claimedAt = claimDate(s.text, s.start, published, cueStart) ?? published;
      sentenceClaims.push(claim);
    }
    // headline attribution: "'Israel's' invasion killed chance of releasing up to 50 captives: NYT"
    const head = sentenceClaims.length === 0 ? headlineSource(s, text) : null;
    let headClaim: DetailedClaim | null = null;
    if (head) {
      const r = tracker.resolve(head.name);
      headClaim = {
        speaker: r?.name ?? head.name, speakerStart: head.start, speakerEnd: head.end, speakerKind: r?.kind ?? 'organization',
        actor: r?.actor ?? head.name, cueClass: null, cue: null, cueStart: null, cueEnd: null,
        text: text.slice(s.start, head.contentEnd), start: s.start, end: head.contentEnd, claimedAt: published, quantities: [],
      };
    }
    // figures: each goes to the innermost statement that contains it, else to the sentence as the article's own claim
    const found = findQuantities(s, text, lexicon);
    let own: DetailedClaim | null = null;
    for (const qn of found) {
      let best: DetailedClaim | null = null;
      for (const c of sentenceClaims) {
        if (qn.start >= c.start && qn.end <= c.end && (!best || c.end - c.start < best.end - best.start)) best = c;
      }
      if (!best) {
        // a figure in a quotation that spans sentences, attributed in an earlier sentence
        for (const c of claims) if (qn.start >= c.start && qn.end <= c.end && c.cue && (!best || c.end - c.start < best.end - best.start)) best = c;
      }
      if (!best && headClaim && qn.start >= headClaim.start && qn.end <= headClaim.end) best = headClaim;
      if (!best) {
        own ??= {
          speaker: null, speakerStart: null, speakerEnd: null, speakerKind: null, actor: null, cueClass: null, cue: null, cueStart: null, cueEnd: null,
          text: s.text, start: s.start, end: s.end, claimedAt: claimDate(s.text, s.start, published, s.start) ?? published, quantities: [],
        };
        best = own;
      }
      best.quantities.push(qn);
    }
    claims.push(...sentenceClaims);
    if (headClaim) claims.push(headClaim);
    if (own) claims.push(own);
    } catch (err) {
      // not swallowed: the caller (the claims stage) fails the article's job with this message
      throw new Error(`extractClaims: the sentence at ${s.start}-${s.end} (“${s.text.slice(0, 60)}”): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  if (text !== original) for (const c of claims) c.text = original.slice(c.start, c.end);
  return claims;
}

/** Extends the last statement over a quotation that opens this sentence and carries on the same voice. */
function continueQuote(s: Sentence, text: string, quotes: Quote[], claims: DetailedClaim[], prev: Sentence | null, all: Sentence[]): void {
  if (!prev || !/^[“"]/.test(text[s.start] ?? '')) return;
  let last: DetailedClaim | undefined;
  for (let i = claims.length - 1; i >= 0; i--) if (claims[i]!.cue) { last = claims[i]; break; }
  if (!last || last.cueStart == null || last.cueStart < prev.start || last.end > s.start) return;
  if (prev.para !== s.para) {
    // across a paragraph break only when the statement closed its paragraph, or was a quotation in it
    const quoted = /^[“"]/.test(text[last.start] ?? '');
    if (prev.end - last.end > 3 && !quoted) return;
  }
  const q = quotes.find((x) => x.start === s.start);
  let end = q?.end;
  if (!q) {
    // a quotation left open at the end of its paragraph (it goes on in the next one)
    const paraSentences = all.filter((o) => o.para === s.para && o.start >= s.start);
    const paraEnd = paraSentences[paraSentences.length - 1]?.end ?? s.end;
    if (quotes.some((x) => x.start < paraEnd && x.end > s.start)) return;
    end = paraEnd;
  }
  if (end === undefined) return;
  last.end = end;
  last.text = text.slice(last.start, last.end);
}

/** "X: Y" titles (a short source before a colon), and "He then listed ...:" followed by a quotation. */
function colonAttribution(s: Sentence, text: string, quotes: Quote[], all: Sentence[]): Attr | null {
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

/** A short paragraph without final punctuation: a title or a subheading. */
function isHeadline(s: Sentence, all: Sentence[], text: string): boolean {
  if (s.tokens.length > 30) return false;
  if (all.some((o) => o !== s && o.para === s.para)) return false;
  const last = text[s.end - 1] ?? '';
  return !/[.!?”"]/.test(last);
}

/** The noun phrase that opens a sentence (after a leading adverbial set off by a comma), as a token range. */
function sentenceSubject(s: Sentence): [number, number] | null {
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

const NAME_SEQ = /(?<![\p{L}])((?:[A-Z][\p{L}’'-]+|(?:al|el|bin|ibn|abu|de|van|von|da)(?:-[A-Z][\p{L}’'-]+)?)(?:\s+(?:[A-Z][\p{L}’'-]+|(?:al|el|bin|ibn|abu|de|van|von|da)(?:-[A-Z][\p{L}’'-]+)?)){1,3})/gu;
/** Candidate person names (2-4 capitalised words) with their offsets, for short-name resolution. */
function personNames(text: string, notNames: Set<string>): Array<{ name: string; start: number }> {
  const out: Array<{ name: string; start: number }> = [];
  NAME_SEQ.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_SEQ.exec(text)) !== null) {
    let words = m[1]!.split(/\s+/);
    let off = m.index;
    while (words.length && notNames.has(words[0]!)) { off += words[0]!.length + 1; words = words.slice(1); }
    if (words.length >= 2 && !words.some((w) => notNames.has(w) && !/^(Al|El)$/.test(w))) out.push({ name: words.join(' '), start: off });
  }
  return out;
}

function resolvedOf(c: DetailedClaim): Attr['resolved'] {
  return c.speaker ? { name: c.speaker, kind: c.speakerKind, actor: c.actor ?? c.speaker } : null;
}

const NAME_RE = /\b((?:[A-Z][a-z]+\s+){0,4}(?:[Pp]resident|[Mm]inister|[Ss]pokes(?:man|woman|person)|[Ss]ecretary|[Ll]eader|[Aa]dmiral|[Cc]hief|[Aa]mbassador|[Ee]nvoy|[Cc]ommander|[Dd]irector|[Cc]hairman|[Gg]overnor|[Ss]enator|Gen\.|Sen\.|Rep\.)(?:\s+(?:of\s+)?[A-Z][a-z]+)*?)\s+((?:[A-Z][\p{L}'’-]+\s+){0,2}[A-Z][\p{L}'’-]+)/gu;
function noteNames(s: Sentence, tracker: EntityTracker): void {
  NAME_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_RE.exec(s.text)) !== null) {
    tracker.noteMention(`${m[1]} ${m[2]}`);
  }
}


/** Claims of an article: statements with speaker, cue and content, and every figure stated (see the README). */
export function extractClaims(text: string, ctx: ClaimsContext = {}): DetailedClaim[] {
  if (typeof text !== 'string') throw new TypeError(`extractClaims: text must be a string, got ${typeof text}`);
  // English rules on another language find "figures" that are words of its sentences: none at all instead
  if (notAnalysedNote(ctx.language)) return [];
  return extractClaimsDetailed(text, ctx);
}
