// The attribution rules of one sentence: source phrases ("according to X") and cue verbs ("X said ...") with speaker and content.
import { cueForm, intentionForm, type CueClass } from '../cues.js';
import { type Kind } from '../entities.js';
import { type Quote, type Sentence, type Token } from '../text.js';
import { NEEDS_CLAUSE, PHRASE_OBJ, clauseEnd, complementStart, cueFormFits, infinitiveAfter, opensAdjunct, taggedVerb } from './complements.js';
import { BE_AUX, DETS, NOUNISH, PREPS, PRONOUN_SUBJ, REL, WEEKDAY, appositiveSubject, commaBefore, isAdverb, npAfter, npBefore, textOf } from './noun-phrases.js';
import { clauseStart, setOffSubject } from './subjects.js';
import { expectedRule } from './evidentials.js';
import { opensClause, prevSentenceQuote, quoteEndingAt, quoteStartingAt, trimContent } from './quotations.js';

export interface Attr {
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
  /** The rule decides both edges of the content (a subject with its infinitive); the content model leaves them. */
  ownEdges?: boolean;
}

/** One sentence as the attribution rules see it. */
export interface SentenceScan {
  s: Sentence;
  text: string;
  tokens: Token[];
  quotes: Quote[];
  prev: Sentence | null;
  /** A title or subheading: only its title-case cue verbs ("Says") are read. */
  headline: boolean;
  /** Tokens already part of an attribution (a source phrase, "quoted Y as saying"). */
  used: Set<number>;
  /** Quotations long enough that cue words inside them are the quoted speaker's, not the article's. */
  longQuotes: Quote[];
  inQuote: (t: Token) => boolean;
}

/** A cue verb found at token `c`. */
export interface CueAt {
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
export interface SpeakerAt {
  /** The token left of the cue after adverbs and time phrases. */
  l: number;
  speaker: [number, number] | null;
  /** A relative "who" standing for the speaker. */
  relTok: number | null;
  inverted: boolean;
  inherit: boolean;
}

/** Cue verbs a title-case headline uses between its speaker and its content. */
const HEADLINE_CUES = /^(Says|Said|Tells|Told|Warns|Claims|Argues|Insists|Urges|Vows|Admits|Denies|Predicts|Pledges|Promises|Suggests|Reveals|Confirms|Announces)$/;

/** Quotations longer than this (in characters) hide the cue words inside them. */
const MIN_BLOCKING_QUOTE_CHARS = 30;
/** How many time phrases and adverbs are skipped left of a cue to find its subject ("on Thursday evening"). */
const TIME_PHRASE_SKIPS = 4;

/** Rule "according to X": a source phrase ("according to", "as per", "as reported by") names the speaker; the content is the rest of the sentence, or what comes before it. */
export function sourcePhraseRule(scan: SentenceScan, c: number): { attr: Attr | null; next: number } | null {
  const { s, text, tokens, quotes, prev, used } = scan;
  const t = tokens[c]!;
  const acc = sourcePhrase(tokens, c);
  if (!acc) return null;
  const np = npAfter(tokens, acc.npStart);
  if (np) {
    for (let k = c; k < np[1]; k++) used.add(k);
    let after = np[1];
    // "according to calculations by the harbour office", "according to data released Friday by the port": the maker is part of the source
    const agent = agentAfter(tokens, after);
    if (agent) { np[1] = agent; after = agent; }
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

/**
 * Rule "X reportedly did Y": the adverb reports what others report without naming them; the clause is the
 * content and there is no speaker. Not before a verb of saying ("reportedly said"), which has its own speaker.
 */
export function reportedlyRule(scan: SentenceScan, c: number): { attr: Attr; next: number } | null {
  const { s, text, tokens, inQuote } = scan;
  const t = tokens[c]!;
  if (t.lower !== 'reportedly' || inQuote(t)) return null;
  let v = c + 1;
  while (isAdverb(tokens[v])) v++;
  if (tokens[v] && cueForm(tokens[v]!.lower)) return null;
  const from = c === 0 && tokens[1]?.text === ',' ? 2 : clauseStart(tokens);
  const [start, end] = trimContent(text, tokens[from]?.start ?? s.end, s.end);
  if (end <= start || tokens[from]!.start > t.start && c !== 0) return null;
  return { attr: { speakerTok: null, speakerText: null, cue: [c, c + 1], cueText: t.text, start, end, resolved: null, cls: 'speech' }, next: c };
}

/** The most words an adjunct after "As X reported" may have before its comma ("on Friday", "a few days later"). */
const MAX_AS_ADJUNCT = 6;

/**
 * Rule "As X reported, ...": a clause of "as", a named subject and a past verb of saying with nothing
 * after it but an adjunct ("As the Gazette reported on Friday, the port ...", "..., as Kaldor noted.")
 * gives X as the speaker of the rest of the sentence (or of what came before it).
 */
export function asReportedRule(scan: SentenceScan, c: number): { attr: Attr; next: number } | null {
  const { s, text, tokens, inQuote } = scan;
  const t = tokens[c]!;
  if (t.lower !== 'as' || !(c === 0 || tokens[c - 1]!.text === ',')) return null;
  const np = npAfter(tokens, c + 1);
  if (!np || !tokens.slice(np[0], np[1]).some((x) => /^\p{Lu}/u.test(x.text) || PRONOUN_SUBJ.has(x.lower))) return null;
  while (np[1] - np[0] > 1 && isAdverb(tokens[np[1] - 1])) np[1]--; // "the Gazette previously"
  let v = np[1];
  while (isAdverb(tokens[v]) || /^(first|has|have|had)$/.test(tokens[v]?.lower ?? '')) v++;
  const verb = tokens[v];
  const form = verb && verb.kind === 'word' ? cueForm(verb.lower) : null;
  if (!verb || !form || !(form.cls === 'speech' || form.cls === 'cognition') || !/(ed|said|wrote|told|thought|knew)$/.test(verb.lower)) return null;
  // only an adjunct may follow the verb before the clause ends: no object, no "that"
  let e = v + 1;
  while (tokens[e] && tokens[e]!.text !== ',' && !/^[.;!?]$/.test(tokens[e]!.text) && e - v <= MAX_AS_ADJUNCT) e++;
  const closes = !tokens[e] || /^[,.;!?]$/.test(tokens[e]!.text);
  if (!closes || (e > v + 1 && !opensAdjunct(tokens[v + 1]) && !isAdverb(tokens[v + 1]) && !/^(just|today|yesterday|earlier|later|recently|last|this|a)$/.test(tokens[v + 1]!.lower))) return null;
  let cs: number;
  let ce: number;
  if (c === 0) {
    if (tokens[e]?.text !== ',') return null;
    cs = tokens[e + 1]?.start ?? s.end;
    ce = s.end;
  } else {
    if (e < tokens.length - 1 && tokens[e]?.text !== '.') return null; // "..., as X reported." closes the sentence
    cs = s.start;
    ce = tokens[c - 1]!.start;
  }
  if (inQuote(t)) return null;
  [cs, ce] = trimContent(text, cs, ce);
  if (ce <= cs) return null;
  for (let k = c; k < e; k++) scan.used.add(k);
  return { attr: { speakerTok: np, speakerText: textOf(text, tokens, np), cue: [v, v + 1], cueText: verb.text, start: cs, end: ce, resolved: null, cls: form.cls }, next: e - 1 };
}

/** A cue verb at token `c`, after the checks that tell a verb of saying from a noun, a passive or an infinitive; null when there is none. */
export function cueAt(scan: SentenceScan, c: number): CueAt | null {
  const { text, tokens, longQuotes } = scan;
  const t = tokens[c]!;
  const initialSaid = c === 0 && /^(Said|Says|Added|Asked|Wrote)$/.test(t.text) && tokens[1] && /^\p{Lu}/u.test(tokens[1].text);
  // "State", "States": names, not verbs; but a title-case headline says "Kaldor Says Port Will Reopen"
  const headlineCue = scan.headline && c > 0 && HEADLINE_CUES.test(t.text);
  if (t.text !== t.lower && !/^[a-z]/.test(t.text) && !initialSaid && !headlineCue) return null;
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
    if (!lb || !(lb.text === ',' || shareOfRespondents(tokens, b) || /^[”"—–-]$/.test(lb.text) || /^(and|but|or|while|when|after|before|by|is|are|was|were|been|be|am|also|keeps|kept)$/.test(lb.lower))) return null;
    if (lb && /^(after|before|by|when|while)$/.test(lb.lower) && base !== 'say' && base !== 'tell') return null;
  }
  const subjNp = prevTok ? npBefore(tokens, c - 1, 0) : null;
  const clearSubject = !!prevTok && (/^\p{Lu}/u.test(prevTok.text) || PRONOUN_SUBJ.has(prevTok.lower) || (!!subjNp && /^(the|a|an|this|his|her|its|their)$/.test(tokens[subjNp[0]]!.lower) && !/s$/.test(prevTok.lower)));
  if (NOUNISH.test(t.lower) && !/^(says|said|told|tells)$/.test(t.lower) && !(clearSubject && next && (next.lower === 'that' || next.text === ':' || /^[“"]$/.test(next.text))) && !taggedVerb(tokens, c, text)) return null;
  return { c, t, form, base, cueEnd, callFor, next, initialSaid: !!initialSaid };
}

/** Rule "X quoted Y as saying ...": Y is the speaker. */
export function quotedAsSayingRule(scan: SentenceScan, cue: CueAt): { attr: Attr | null; next: number } | null {
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

/**
 * Whether the noun phrase ending at `b` is a share of those polled ("50 percent", "30 percent of voters",
 * "three in 10"): "with 50 percent saying she is prepared" reports what they said.
 */
function shareOfRespondents(tokens: Token[], b: number): boolean {
  const np = npBefore(tokens, b, 0);
  if (!np) return false;
  const words = tokens.slice(np[0], np[1]);
  if (words.some((w) => /^(percent|%)$/.test(w.lower) || w.text.endsWith('%'))) return true;
  // "three in 10": the tens after "in" are the noun phrase
  const count = tokens[np[0] - 2];
  return tokens[np[0]]!.kind === 'num' && tokens[np[0] - 1]?.lower === 'in' && !!count && (count.kind === 'num' || NUMBER_WORD.test(count.lower));
}
const NUMBER_WORD = /^(one|two|three|four|five|six|seven|eight|nine)$/;

/** The most tokens an adjunct between a relative pronoun and its verb may have ("who, on a press call Friday, said"). */
const MAX_RELATIVE_ADJUNCT = 8;
const isDash = (t: Token | undefined): boolean => !!t && /^[–—-]$/.test(t.text);

/**
 * The index of a relative "who" / "which" whose verb is the cue left of `l`, past one adjunct and adverbs between
 * them ("who, on a press call Friday, criticized", "who through his office declined", "who has in the past described"); else null.
 */
function relativeAcross(tokens: Token[], l: number): number | null {
  let k = l;
  let adjunct = false;
  while (k >= 0 && l - k <= MAX_RELATIVE_ADJUNCT + 2) {
    const t = tokens[k]!;
    if (t.kind === 'word' && /^(who|which)$/.test(t.lower)) return k < l ? k : null;
    if (isAdverb(t) || t.lower === 'both' || t.text === ',') { k--; continue; }
    if (adjunct) return null;
    // one prepositional phrase: find its preposition and check that a plain noun phrase follows it up to k
    let p = k;
    while (p >= 0 && l - p <= MAX_RELATIVE_ADJUNCT && !PREPS.has(tokens[p]!.lower)) p--;
    if (p < 0 || !PREPS.has(tokens[p]!.lower)) return null;
    const np = npAfter(tokens, p + 1);
    if (!np || np[1] > k + 1 || !tokens.slice(np[1], k + 1).every((x) => WEEKDAY.test(x.lower) || /^(morning|afternoon|evening|night|past)$/.test(x.lower))) return null;
    adjunct = true;
    k = p - 1;
  }
  return null;
}

/** Quantifiers that stand for people as a subject: "others argue", "many said", "most don't expect". */
const QUANTIFIER_SUBJ = /^(others|many|some|most|few|several|both|all|each|none)$/;

/** A quantifier as the subject at `l`, when the clause starts there ("..., others argue", "While many ..., many said"); else null. */
function quantifierSubject(tokens: Token[], l: number): [number, number] | null {
  const t = tokens[l];
  if (!t || !QUANTIFIER_SUBJ.test(t.lower)) return null;
  const before = tokens[l - 1];
  if (before && !(/^[,;:(—–-]$/.test(before.text) || /^(and|but|while|whereas|though|although|because|as|when|that|still|yet)$/.test(before.lower))) return null;
  return [l, l + 1];
}

const MONTH = /^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$/;
/** A year as a word of its own: "in 2010". */
const YEAR = /^(1[89]|20)\d\d$/;

/**
 * The token before a date phrase that ends at `l` ("who in 2010 said", "last June", "in July 2012",
 * "earlier in the day"), or `l` when none ends there.
 */
function datePhraseBefore(tokens: Token[], l: number): number {
  let k = l;
  const t = tokens[k];
  if (!t) return l;
  if (/^(day|week|month|year)$/.test(t.lower) && /^(the|this)$/.test(tokens[k - 1]?.lower ?? '') && tokens[k - 2]?.lower === 'in' && /^(earlier|later)$/.test(tokens[k - 3]?.lower ?? '')) return k - 4;
  if (YEAR.test(t.text)) { k--; if (tokens[k] && MONTH.test(tokens[k]!.lower)) k--; }
  else if (/^\p{Lu}/u.test(t.text) && MONTH.test(t.lower) && t.lower !== 'may') k--;
  else return l;
  if (tokens[k] && /^(in|since|during|last|this|early|late|until|by)$/.test(tokens[k]!.lower)) return k - 1;
  return l;
}

/** Who speaks: the subject to the left of the cue (past adverbs and a time phrase), a relative "who", an apposition, or none yet (an inverted "said X" or a speaker inherited from an earlier cue). */
export function speakerOf(scan: SentenceScan, cue: CueAt): SpeakerAt | null {
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
    const dated = datePhraseBefore(tokens, l);
    if (dated !== l) { l = dated; continue; }
    break;
  }
  if (l < c - 1 && tokens[l]?.text === ',' && tokens[l - 1]?.text === ')') l--;
  let speaker: [number, number] | null = null;
  let relTok: number | null = null;
  let inverted = false;
  let inherit = false;
  const left = tokens[l];
  // "McConnell, who, on a press call Friday, criticized", "Curiel, who through his office declined"
  const rel = left && !REL.has(left.lower) ? relativeAcross(tokens, l) : null;
  if (rel !== null) {
    let b = rel - 1;
    if (tokens[b]?.text === ',' || isDash(tokens[b])) b--;
    const antecedent = npBefore(tokens, b, 0);
    if (antecedent) return { l, speaker: antecedent, relTok: rel, inverted: false, inherit: false };
  }
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
      speaker = npBefore(tokens, l, 0) ?? quantifierSubject(tokens, l);
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
    // ", saying ...", "— arguing ...": a participle set off from its clause speaks for that clause's subject
    const participle = /ing$/.test(t.lower) && l === c - 1 && !/^[”"’]$/.test(left.text);
    const app = /^[”"’]$/.test(left.text) || participle ? null : appositiveSubject(tokens, l);
    // "Kaldor, 58, who grew up in Veldam, said": the subject before the phrases the commas set off
    const setOff = left.text === ',' && !participle ? setOffSubject(tokens, l) : null;
    const nameApposition = !!app && app[1] === l && tokens[app[0] - 1]?.text === ',' && !placeBefore(tokens, app[0] - 1);
    if (participle) inherit = true;
    // a party-and-state tag is an apposition too: "Sen. Ona Vesk, R-Veldam, a long-shot candidate, said"
    else if (app && /^[RDI]-/.test(tokens[app[0]]!.text) && tokens[app[0] - 1]?.text === ',') speaker = openingSubject(tokens, app[0] - 1) ?? app;
    else if (setOff && !nameApposition) speaker = setOff;
    else if (app) speaker = app;
    else if (left.text === ',' && !invertedSpeakerFits(tokens, cue.cueEnd)) {
      // "Sen. Ona Vesk, R-Veldam, a long-shot candidate, said the bill fails": a clause follows the cue, so
      // the speaker is the subject the commas set off, not the first words after "said"
      const subj = openingSubject(tokens, l);
      if (!subj) return null;
      speaker = subj;
    } else inverted = true;
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
export function contentOf(scan: SentenceScan, cue: CueAt, who: SpeakerAt): { start: number; end: number; needsClauseOk: boolean; speaker: [number, number] | null; speakerText: string | null } | null {
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
        if ((x.text === ',' || /^[—–]$/.test(x.text)) && tokens[n] && /ing$/.test(tokens[n]!.lower) && cueForm(tokens[n]!.lower)) { end = x.start; if (/^[”"]$/.test(tokens[m + 1]?.text ?? '')) end = tokens[m + 1]!.end; break; }
        // a non-restrictive relative clause that runs to the end of the sentence is the article's aside:
        // "predicted a Cruz win in Texas, which votes on March 1" (but not "the bill, which passed, would fail")
        if (x.text === ',' && m > k + 2 && !inQuote(x) && /^(which|who)$/.test(tokens[m + 1]?.lower ?? '') && !tokens.slice(m + 2).some((y) => y.text === ',' || y.text === ';')) { end = x.start; break; }
        if (x.text === ',' && tokens[m + 1] && sourcePhrase(tokens, m + 1)) { end = x.start; break; }
        // ", and added: ...", "and called his standing ...", ", said one candidate"
        if ((x.text === ',' || x.lower === 'and' || x.lower === 'but') && m > k + 2 && !inQuote(x)) {
          let n2 = m + 1;
          while (tokens[n2] && (/^(and|but|then|also|later)$/.test(tokens[n2]!.lower) || isAdverb(tokens[n2]))) n2++;
          const nx = tokens[n2];
          if (nx && nx.kind === 'word' && /^[a-z]/.test(nx.text) && cueForm(nx.lower)?.cls === 'speech' && /(ed|said|told|wrote|says|adds|notes|argues|insists|warns|ing)$/.test(nx.lower) && !(NOUNISH.test(nx.lower) && !/^(argues|insists|warns|adds|notes)$/.test(nx.lower))) { end = x.start; break; }
        }
      }
    }
  }
  return { start, end, needsClauseOk, speaker, speakerText };
}

/**
 * Whether "..., said X" reads as an inverted attribution: a name after the cue and then the end of the
 * clause ("said Kaldor.", "said Kaldor, the mayor", "said Kaldor in a statement"), not a clause of its own.
 */
function invertedSpeakerFits(tokens: Token[], cueEnd: number): boolean {
  // "said of the plan": what the speaker spoke of, not who spoke
  if (PREPS.has(tokens[cueEnd]?.lower ?? '')) return false;
  const np = npAfter(tokens, cueEnd);
  if (!np) return false;
  const after = tokens[np[1]];
  return !after || /^[.,;:!?“”"(—–-]$/.test(after.text) || /^(who|whose|of|in|on|at|during|after|before|when|while|to|from|as|and|but)$/.test(after.lower);
}

/** How many capitalised words a place name before its region has ("in Lorn, Veldam", "in New Lorn, Veldam"). */
const MAX_PLACE_WORDS = 3;

/** Whether the words before the comma at `comma` are a place that the next capitalised words locate ("in Lorn, Veldam, said"). */
function placeBefore(tokens: Token[], comma: number): boolean {
  let k = comma - 1;
  while (k >= 0 && comma - k <= MAX_PLACE_WORDS && /^\p{Lu}/u.test(tokens[k]!.text)) k--;
  return k < comma - 1 && /^(in|at|near|outside|inside)$/.test(tokens[k]?.lower ?? '');
}

/** The noun phrase that opens the sentence and is set off by a comma before token `l` ("Kaldor, though, said"). */
function openingSubject(tokens: Token[], l: number): [number, number] | null {
  let i = 0;
  while (tokens[i] && /^[“"‘'(]$/.test(tokens[i]!.text)) i++;
  const np = npAfter(tokens, i);
  if (!np || np[1] > l || tokens[np[1]]?.text !== ',') return null;
  // only commas, appositives and adverbs lie between it and the cue: no verb of another clause
  const between = tokens.slice(np[1], l + 1);
  if (between.some((x) => x.kind === 'word' && cueForm(x.lower) && /^[a-z]/.test(x.text))) return null;
  return np;
}

/** Rule "X said ...": a cue verb with its speaker and content, in every word order the rules know. */
export function cueVerbRule(scan: SentenceScan, cue: CueAt): Attr | null {
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
export function endContentsAtLaterSpeakers(scan: SentenceScan, out: Attr[]): void {
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
export function keepStatements(scan: SentenceScan, out: Attr[]): Attr[] {
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

/** Nouns of a published source: "In a CNN poll released Monday, ..." names where the figures come from. */
const SOURCE_NOUNS = /^(polls?|surveys?|study|studies|reports?|analysis|analyses|memo|memos|letters?|filings?|lawsuits?|complaints?|rulings?|testimony|editorials?|op-eds?|columns?|words|tweets?|posts?|documents?|emails?|data)$/;
/** The most words an opening "In <source>," phrase has before its comma. */
const SOURCE_OPENER_MAX_TOKENS = 15;

/**
 * Rule "In <source>, ...": a sentence that opens with a published source set off by a comma, and has no
 * speaker of its own, states what that source says ("In the latest YouGov survey, 71 percent approved").
 */
export function sourceOpenerRule(scan: SentenceScan, c: number): { attr: Attr; next: number } | null {
  const { s, text, tokens, used } = scan;
  if (c !== 0 || tokens[0]!.lower !== 'in') return null;
  const comma = tokens.findIndex((x, i) => i > 1 && i <= SOURCE_OPENER_MAX_TOKENS && x.text === ',');
  if (comma < 0 || !tokens.slice(1, comma).some((x) => SOURCE_NOUNS.test(x.lower))) return null;
  // "In an interview, Kaldor said ...": the cue verb's speaker is the source, not the interview
  if (tokens.slice(comma + 1).some((x) => cueForm(x.lower)?.cls === 'speech' && /^[a-z]/.test(x.text))) return null;
  const [start, end] = trimContent(text, tokens[comma + 1]?.start ?? s.end, s.end);
  if (end <= start) return null;
  for (let k = 0; k < comma; k++) used.add(k);
  const speakerTok: [number, number] = [1, comma];
  return { attr: { speakerTok, speakerText: textOf(text, tokens, speakerTok), cue: [0, 1], cueText: tokens[0]!.text, start, end, resolved: null }, next: comma };
}

/**
 * Rule "asked (by X) whether ...": a question put to someone; the content is the question, up to the
 * clause's comma, and the speaker is the one who asked when the text names them ("asked by a reporter").
 */
export function askedRule(scan: SentenceScan, c: number): { attr: Attr; next: number } | null {
  const { s, text, tokens, inQuote } = scan;
  const t = tokens[c]!;
  if (t.lower !== 'asked') return null;
  const before = tokens[c - 1];
  // sentence-initial "Asked ...", or "when asked ..."
  if (!(c === 0 || (before?.lower === 'when' && (c === 1 || tokens[c - 2]?.text === ',' || tokens[c - 2]?.kind === 'word')))) return null;
  let k = c + 1;
  let speakerTok: [number, number] | null = null;
  if (tokens[k]?.lower === 'by') {
    const np = npAfter(tokens, k + 1);
    if (!np) return null;
    speakerTok = [np[0], np[1]];
    k = np[1];
  }
  while (tokens[k] && opensAdjunct(tokens[k]) && tokens[k]!.text !== ',' && k - c < TIME_PHRASE_SKIPS + 4) k++;
  const first = tokens[k];
  if (!first || !/^(whether|if|why|how|what|when|where|who|which|about|to)$/.test(first.lower)) return null;
  const [start, end] = trimContent(text, first.start, clauseEnd(tokens, k, inQuote, s.end));
  if (end <= start) return null;
  return { attr: { speakerTok, speakerText: speakerTok ? textOf(text, tokens, speakerTok) : null, cue: [c, c + 1], cueText: t.text, start, end, resolved: null, cls: 'speech' }, next: c };
}

/** A rule run after the others on a sentence's words they left, given what they found. */
export type LaterRule = (scan: SentenceScan, found: Attr[]) => Attr[];

/**
 * Attributions in one sentence: each token is tried as a source phrase, then as a cue verb; then
 * `later` (the learned cues, when a cue model is in use) on the words those left.
 */
export function findAttributions(s: Sentence, text: string, quotes: Quote[], prev: Sentence | null, headline: boolean, later: LaterRule | null = null): Attr[] {
  const tokens = s.tokens;
  const longQuotes = quotes.filter((q) => q.end - q.start > MIN_BLOCKING_QUOTE_CHARS && q.end > s.start && q.start < s.end);
  const scan: SentenceScan = {
    s, text, tokens, quotes, prev, headline, used: new Set<number>(), longQuotes,
    inQuote: (t: Token): boolean => longQuotes.some((q) => t.start > q.start && t.end < q.end),
  };
  const out: Attr[] = [];
  for (let c = 0; c < tokens.length; c++) {
    if (scan.used.has(c) || scan.inQuote(tokens[c]!)) continue;
    const bySource = sourcePhraseRule(scan, c) ?? asReportedRule(scan, c) ?? reportedlyRule(scan, c) ?? sourceOpenerRule(scan, c) ?? askedRule(scan, c) ?? expectedRule(scan, c);
    if (bySource) {
      if (bySource.attr) out.push(bySource.attr);
      c = bySource.next;
      continue;
    }
    if (tokens[c]!.kind !== 'word' || (headline && !HEADLINE_CUES.test(tokens[c]!.text))) continue;
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
  if (later && !headline) out.push(...later(scan, out));
  endContentsAtLaterSpeakers(scan, out);
  return keepStatements(scan, out);
}

/** The most words between a source's noun and the "by" that names its maker ("data released Friday by"). */
const MAX_AGENT_GAP = 3;

/** The end of a "by X" / "from X" phrase that names who made a source, starting within a few words of `k`; null when none does. */
function agentAfter(tokens: Token[], k: number): number | null {
  let m = k;
  // a participle and a time word may come first: "conducted by", "released Friday by"
  while (m - k < MAX_AGENT_GAP && tokens[m] && tokens[m]!.kind === 'word' && (/^[a-z]+ed$/.test(tokens[m]!.text) || WEEKDAY.test(tokens[m]!.lower) || /^(last|this|year|week|month)$/.test(tokens[m]!.lower))) m++;
  if (!tokens[m] || !/^(by|from)$/.test(tokens[m]!.lower)) return null;
  if (m > k && !/^[a-z]+ed$/.test(tokens[k]!.text)) return null;
  const np = npAfter(tokens, m + 1);
  return np ? np[1] : null;
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
