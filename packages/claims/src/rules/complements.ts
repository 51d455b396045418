// What follows a cue: a "that" clause, a quotation, an infinitive, an object phrase; and the checks that a word is a cue here.
import nlp from 'compromise';
import { cueForm, intentionForm, INTENTION_WITH_OBJECT, TAKES_LISTENER, type CueClass } from '../cues.js';
import { type Quote, type Token } from '../text.js';
import { PREPS, isAdverb, npAfter } from './noun-phrases.js';
import { quoteStartingAt } from './quotations.js';

/** Verbs whose content, without "that" or a quotation, is a phrase that ends at the first comma. */
export const PHRASE_OBJ = new Set([
  'criticize', 'criticise', 'praise', 'condemn', 'denounce', 'blast', 'slam', 'blame', 'defend', 'endorse', 'dismiss', 'welcome',
  'applaud', 'thank', 'mock', 'oppose', 'support', 'challenge', 'ridicule', 'rebuke', 'decry', 'hail', 'commend', 'lambast', 'tout',
  'reject', 'deny', 'pledge', 'vow', 'promise', 'urge', 'express', 'call', 'speak', 'describe', 'propose', 'demand', 'acknowledge',
  'confirm', 'announce', 'accuse', 'threaten', 'ask', 'cite', 'highlight', 'underline', 'underscore', 'detail', 'outline', 'recall',
  'reveal', 'disclose', 'dispute', 'criticize', 'praise', 'mention', 'share', 'update', 'inform', 'assure', 'request', 'order', 'appeal',
]);
/** Verbs that are cues only with a clause or a quotation as complement ("agreed that", not "agreed on a deal"). */
export const NEEDS_CLAUSE = new Set([
  'agree', 'disagree', 'share', 'continue', 'demand', 'ask', 'show', 'find', 'propose', 'update', 'order', 'request', 'post', 'question',
  'answer', 'detail', 'outline', 'project', 'forecast', 'calculate', 'assess', 'convey', 'relay', 'observe', 'brief', 'signal', 'hint',
  'charge', 'counter', 'wonder', 'know', 'see', 'understand', 'recognize', 'recognise', 'realize', 'realise', 'feel', 'figure',
  'expect', 'hope', 'fear', 'worry', 'doubt', 'suspect', 'assume', 'reckon', 'concur', 'instruct', 'advise', 'notify', 'brief',
  'imply', 'preach', 'remark', 'conclude', 'speculate', 'guess', 'surmise', 'proclaim', 'muse', 'joke', 'exclaim', 'shout', 'whisper', 'lament', 'plead',
  'beg', 'appeal', 'confide', 'recount', 'maintain', 'write', 'tweet', 'testify', 'comment', 'post', 'underline', 'highlight', 'underscore', 'mention', 'report', 'state', 'note', 'claim',
]);
export const tagCache = new Map<string, Set<number>>();
/** Whether compromise tags the token at `start` as a verb, judged on a window of words around it. */
export function taggedVerb(tokens: Token[], c: number, text: string): boolean {
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

/** The span of a complement after the cue: skips a listener, adverbials and finds "that" or a quotation. */
export function complementStart(tokens: Token[], k: number, base: string, quotes: Quote[], text: string): { k: number; quote?: Quote; clause: boolean } {
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
export function infinitiveAfter(tokens: Token[], c: number): number | null {
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
export function cueFormFits(tokens: Token[], c: number, form: { base: string; cls: CueClass }): boolean {
  const w = tokens[c]!.lower;
  const next = tokens[c + 1];
  if ((w === 'thought' || w === 'states' || w === 'add') && next?.lower !== 'that' && next?.text !== ':' && !/^[“"]$/.test(next?.text ?? '')) return false;
  if (w === 'thanks' && next?.lower === 'to') return false;
  if (form.cls === 'evaluation' && w === form.base && /^(will|would|could|should|may|might|must|can|cannot|not|n't|to)$/.test(tokens[c - 1]?.lower ?? '')) return false;
  return true;
}

/** Where a phrase starting at token `k` ends: the first comma, semicolon or dash outside a quotation, else `fallback`. */
export function clauseEnd(tokens: Token[], k: number, inQuote: (t: Token) => boolean, fallback: number): number {
  for (let m = k + 1; m < tokens.length; m++) {
    const x = tokens[m]!;
    if (/^[,;—–]$/.test(x.text) && !inQuote(x)) return x.start;
  }
  return fallback;
}

/** Whether a word opens an adjunct (a prepositional or time phrase, an adverb, a comma) rather than a clause. */
export function opensAdjunct(t: Token | undefined): boolean {
  if (!t) return false;
  return t.text === ',' || /^[—–-]$/.test(t.text) || PREPS.has(t.lower) || isAdverb(t) || /^(yesterday|today|tonight|last|this|earlier|later|recently|monday|tuesday|wednesday|thursday|friday|saturday|sunday|during|while|when|as)$/.test(t.lower);
}
