// Count-like figures in a sentence: value or range, qualifier, and what is counted.
import { singular } from '@newsline/formats';
import { digitValue, SCALES, wordValue } from './numbers.js';
import { defaultLexicon, type Lexicon } from './lexicon.js';
import type { DetailedQuantity, Qualifier } from './types.js';
import type { Sentence, Token } from './text.js';

/** A quantity with extra detail used by event normalisation. */
export type FoundQuantity = DetailedQuantity;

const QUALIFIERS: Array<[string[], Qualifier]> = [
  [['far', 'more', 'than'], 'more_than'], [['much', 'more', 'than'], 'more_than'], [['well', 'more', 'than'], 'more_than'],
  [['well', 'over'], 'more_than'], [['just', 'over'], 'more_than'], [['more', 'than'], 'more_than'], [['over'], 'more_than'],
  [['in', 'excess', 'of'], 'more_than'], [['upwards', 'of'], 'more_than'], [['greater', 'than'], 'more_than'], [['above'], 'more_than'],
  [['exceeding'], 'more_than'], [['exceeded'], 'more_than'], [['topped'], 'more_than'], [['surpassed'], 'more_than'],
  [['at', 'least'], 'at_least'], [['no', 'less', 'than'], 'at_least'], [['not', 'less', 'than'], 'at_least'],
  [['no', 'fewer', 'than'], 'at_least'], [['not', 'fewer', 'than'], 'at_least'], [['a', 'minimum', 'of'], 'at_least'], [['minimum', 'of'], 'at_least'],
  [['at', 'most'], 'at_most'], [['no', 'more', 'than'], 'at_most'], [['not', 'more', 'than'], 'at_most'], [['a', 'maximum', 'of'], 'at_most'], [['maximum', 'of'], 'at_most'],
  [['just', 'under'], 'less_than'], [['less', 'than'], 'less_than'], [['fewer', 'than'], 'less_than'], [['under'], 'less_than'], [['below'], 'less_than'],
  [['short', 'of'], 'less_than'],
  [['up', 'to'], 'up_to'], [['as', 'many', 'as'], 'up_to'], [['as', 'much', 'as'], 'up_to'],
  [['an', 'estimated'], 'approx'], [['estimated'], 'approx'], [['about'], 'approx'], [['approximately'], 'approx'], [['around'], 'approx'],
  [['roughly'], 'approx'], [['some'], 'approx'], [['close', 'to'], 'approx'],
  [['circa'], 'approx'], [['approx'], 'approx'], [['~'], 'approx'], [['an', 'approximate'], 'approx'],
  // "nearly 60" is fewer than 60: an upper bound, not an approximation either side of it
  [['nearly'], 'less_than'], [['almost'], 'less_than'], [['approaching'], 'less_than'], [['just', 'shy', 'of'], 'less_than'],
];

/** A lookup object without a prototype, so that words such as "constructor" are not keys. */
function dict(o: Record<string, string>): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, o);
}

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
const DURATION = new Set([
  'year', 'years', 'month', 'months', 'week', 'weeks', 'day', 'days', 'hour', 'hours', 'minute', 'minutes', 'second', 'seconds',
  'decade', 'decades', 'century', 'centuries', 'yr', 'yrs', 'hrs', 'mins', 'night', 'nights',
]);
const TIME_AFTER = new Set(['a.m', 'p.m', 'am', 'pm', 'gmt', 'utc', "o'clock", 'et', 'pt', 'est', 'edt', 'bst', 'cet', 'local']);
const ID_BEFORE = new Set([
  'resolution', 'flight', 'route', 'article', 'section', 'chapter', 'page', 'no', 'number', 'room', 'channel', 'highway', 'interstate',
  'district', 'precinct', 'amendment', 'title', 'level', 'phase', 'grade', 'class', 'season', 'episode', 'vol', 'volume', 'version',
  'proposition', 'prop', 'bill', 'code', 'model', 'act', 'category', 'size', 'aged', 'age', 'ages', 'of age', 'verse', 'psalm', '#', 'week', 'day', 'game', 'round', 'stage', 'unit', 'line', 'gate', 'terminal',
  'covid', 'g', 'f', 'su', 'mig', 'boeing', 'airbus', 'apt', 'suite', 'box', 'year', 'years', 'in', 'since', 'until', 'till', 'by', 'from', 'during',
]);
const DETERMINER_BEFORE_WORDNUM = new Set(['the', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'your', 'my', 'both', 'all', 'every', 'each', 'no']);
const STOP_NP = new Set([
  'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'and', 'or', 'but', 'who', 'which', 'that', 'were', 'was', 'are', 'is',
  'have', 'has', 'had', 'be', 'been', 'being', 'will', 'would', 'could', 'should', 'may', 'might', 'can', 'since', 'during', 'after',
  'before', 'as', 'than', 'while', 'when', 'where', 'into', 'inside', 'including', 'amid', 'over', 'under', 'between', 'about', 'against',
  'per', 'a', 'an', 'the', 'this', 'these', 'those', 'it', 'they', 'them', 'he', 'she', 'we', 'i', 'you', 'said', 'says', 'according',
  'so', 'far', 'yet', 'still', 'also', 'not', 'only', 'alone', 'each', 'more', 'less', 'most', 'both', 'either', 'out', 'up', 'if', 'because',
  'whom', 'whose', 'there', 'here', 'then', 'now', 'today', 'yesterday', 'last', 'next', 'ago', 'later', 'earlier', 'already', 'just',
  'held', 'killed', 'wounded', 'injured', 'displaced', 'detained', 'captured', 'released', 'freed', 'missing', 'dead', 'arrested',
]);
const STATE_PARTICIPLES: Record<string, string> = dict({
  killed: 'killed', dead: 'killed', died: 'killed', wounded: 'wounded', injured: 'wounded', hurt: 'wounded', displaced: 'displaced',
  detained: 'detained', held: 'held', captured: 'captured', abducted: 'captured', kidnapped: 'captured', taken: 'captured',
  released: 'released', freed: 'released', arrested: 'arrested', missing: 'missing', evacuated: 'evacuated', rescued: 'rescued',
  executed: 'killed', murdered: 'killed', martyred: 'killed',
});
const VERB_BEFORE: Record<string, string> = dict({
  kill: 'killed', killed: 'killed', killing: 'killed', kills: 'killed', injure: 'wounded', injured: 'wounded', injuring: 'wounded',
  wound: 'wounded', wounded: 'wounded', wounding: 'wounded', displace: 'displaced', displaced: 'displaced', displacing: 'displaced',
  capture: 'captured', captured: 'captured', capturing: 'captured', abduct: 'captured', abducted: 'captured', kidnap: 'captured',
  kidnapped: 'captured', seize: 'captured', seized: 'captured', took: 'captured', detain: 'detained', detained: 'detained',
  holds: 'held', hold: 'held', holding: 'held', release: 'released', released: 'released', releasing: 'released', free: 'released',
  freed: 'released', freeing: 'released', arrest: 'arrested', arrested: 'arrested', arresting: 'arrested', left: 'killed',
});
const VERBS_AFTER_NP = /^(remain|remains|remained|stay|stays|stayed|live|lives|lived|die|died|dies|fled|flee|left|lost|went|came|return|returned|face|faces|faced|need|needs|include|includes|arrive|arrived|work|works|worked|gather|gathered|wait|waited|received|receive|get|got)$/;
const AUX = new Set(['were', 'was', 'are', 'is', 'have', 'has', 'had', 'been', 'being', 'be', 'to', 'believed', 'reported', 'thought', 'said', 'feared', 'presumed', 'known', 'still', 'also', 'now', 'all', 'reportedly']);

function qualifierBefore(tokens: Token[], i: number): { q: Qualifier; start: number } | null {
  for (const [words, q] of QUALIFIERS) {
    const n = words.length;
    if (i - n < 0) continue;
    let ok = true;
    for (let k = 0; k < n; k++) if (tokens[i - n + k]!.lower !== words[k]) { ok = false; break; }
    if (ok) {
      // "over" / "under" / "above" / "some" as prepositions only when right before the figure
      return { q, start: tokens[i - n]!.start };
    }
  }
  return null;
}

interface NumAt { value: number; end: number; startIdx: number; endIdx: number; word: boolean }

/** Reads a number starting at token i (digits or words, with a scale word). */
function numberAt(tokens: Token[], i: number): NumAt | null {
  const t = tokens[i];
  if (!t) return null;
  let value: number | null = null;
  let word = false;
  let j = i;
  if (t.kind === 'num') value = digitValue(t.text);
  else if (t.lower === 'a' || t.lower === 'an') {
    const n = tokens[i + 1];
    if (n && (n.lower === 'million' || n.lower === 'billion' || n.lower === 'thousand' || n.lower === 'hundred' || n.lower === 'dozen')) {
      value = n.lower === 'dozen' ? 12 : SCALES[n.lower]!;
      word = true;
      j = i + 1;
      return { value, end: n.end, startIdx: i, endIdx: j, word };
    }
    return null;
  } else if (t.kind === 'word') {
    value = wordValue(t.lower);
    word = value !== null;
  }
  if (value === null) return null;
  // scale words: "1.4 million", "two thousand", "hundred thousand"
  while (tokens[j + 1] && Object.hasOwn(SCALES, tokens[j + 1]!.lower) && !['m', 'k', 'bn'].includes(tokens[j + 1]!.lower)) {
    value *= SCALES[tokens[j + 1]!.lower]!;
    j++;
  }
  if (tokens[j + 1] && ['m', 'bn', 'k'].includes(tokens[j + 1]!.text) && tokens[j + 1]!.start === tokens[j]!.end) {
    value *= SCALES[tokens[j + 1]!.text]!;
    j++;
  }
  return { value, end: tokens[j]!.end, startIdx: i, endIdx: j, word };
}

function isExcluded(tokens: Token[], n: NumAt, text: string, second = false): boolean {
  const t = tokens[n.startIdx]!;
  const prev = tokens[n.startIdx - 1];
  const prev2 = tokens[n.startIdx - 2];
  const next = tokens[n.endIdx + 1];
  const next2 = tokens[n.endIdx + 2];
  if (n.word) {
    if (t.lower === 'one' && n.endIdx === n.startIdx) return true;
    if (prev && DETERMINER_BEFORE_WORDNUM.has(prev.lower)) return true;
    if (next && /^[-–]$/.test(next.text) && next.start === tokens[n.endIdx]!.end) return true; // "two-day", "two-state"
    if (/-/.test(t.text) === false && next && /^(of|or)$/.test(next.lower) && !next2?.lower.match(/^(the|them|those|its|their|his|her)$/)) {
      if (next.lower === 'or') return true; // "one or two"
    }
  }
  if (t.lower === 'zero') return true;
  // the second figure of an excluded pair: "September 16-19", "ages 55 to 65", "two to three weeks"
  if (prev && /^(to|[-–]|and)$/.test(prev.lower) && prev2) {
    const first = numberAt(tokens, n.startIdx - 2);
    if (first && first.endIdx === n.startIdx - 2 && isExcluded(tokens, first, text, true)) return true;
  }
  if (!second && next && /^(to|[-–])$/.test(next.lower)) {
    const after = numberAt(tokens, n.endIdx + 2);
    if (after && tokens[after.endIdx + 1] && DURATION.has(tokens[after.endIdx + 1]!.lower)) return true;
  }
  if (prev && MONTHS.has(prev.lower)) return true;
  // "Sept. 26", "No. 2"
  if (prev?.text === '.' && prev2 && (MONTHS.has(prev2.lower) || /^(no|nos|vol|art|sec|ch|pt|fig)$/.test(prev2.lower))) return true;
  // ages: "Mr. King, 82, told", "Crutcher, 40 ―", "Rawlings, 59, of"
  if (prev?.text === ',' && prev2 && /^\p{Lu}/u.test(prev2.text) && next && /^[,―—–-]$|^of$/.test(next.text) && n.value < 120 && Number.isInteger(n.value)) return true;
  // heights and the like: 6'3"
  if (next && /^['’"”]$/.test(next.text) && next.start === tokens[n.endIdx]!.end && tokens[n.endIdx + 2]?.kind === 'num') return true;
  // compound modifiers: "30-second spot", "52-count complaint" (but "5,000-strong", "15-plus")
  if (next && next.text === '-' && next.start === tokens[n.endIdx]!.end && next2 && next2.start === next.end && next2.kind === 'word' && !/^(plus|strong)$/.test(next2.lower)) return true;
  // scores and votes: "5-4 decision", "80-19 vote", "4-4 ruling"
  if (next && /^[-–]$/.test(next.text) && next.start === tokens[n.endIdx]!.end && next2?.kind === 'num' && next2.start === next.end) {
    const v2 = digitValue(next2.text);
    if (v2 !== null && v2 <= n.value) return true;
  }
  if (prev && /^[-–]$/.test(prev.text) && prev.start === prev2?.end && prev2?.kind === 'num' && prev.end === t.start) {
    const v1 = digitValue(prev2.text);
    if (v1 !== null && v1 >= n.value) return true;
  }
  // identifiers: long digit strings, numbers in markup attributes, names with numbers ("Fortune 500", "School 285")
  if (t.kind === 'num' && /^\d{9,}$/.test(t.text)) return true;
  if (prev && /^["']$/.test(prev.text) && prev2?.text === '=') return true;
  if (prev && t.kind === 'num' && /^\p{Lu}/u.test(prev.text) && prev.kind === 'word' && !MONTHS.has(prev.lower) && n.startIdx > 1 && !(next && /^\p{Ll}/u.test(next.text) && !/^(for|in|on|at|of|to|and|or|is|was|by|with)$/.test(next.lower))) return true;
  if (next && MONTHS.has(next.lower)) return true;
  if (prev && prev.text === ',' && prev2 && (MONTHS.has(prev2.lower) || (tokens[n.startIdx - 3] && MONTHS.has(tokens[n.startIdx - 3]!.lower)))) return true;
  if (next && DURATION.has(next.lower)) return true;
  if (next && /^[-–]$/.test(next.text) && next2 && /^(year|month|week|day|hour|minute)/.test(next2.lower)) return true;
  if (next && TIME_AFTER.has(next.lower)) return true;
  if (next && next.text === ':' && next2?.kind === 'num') return true;
  if (prev && prev.text === ':' && prev2?.kind === 'num') return true;
  if (next && /^(st|nd|rd|th)$/.test(next.lower) && next.start === tokens[n.endIdx]!.end) return true;
  if (t.kind === 'num') {
    const raw = t.text;
    // years: 1900-2100 written without a thousands separator
    if (/^\d{4}$/.test(raw) && n.endIdx === n.startIdx && n.value >= 1800 && n.value <= 2100) return true;
    // dates such as 2024.01.31 or 31/01/2024
    const around = text.slice(Math.max(0, t.start - 6), Math.min(text.length, t.end + 6));
    if (/\d{4}\.\d{1,2}\.\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}/.test(around)) return true;
    if (prev && ID_BEFORE.has(prev.lower) && !(next && /^[a-z]/.test(next.text) && !DURATION.has(next.lower)) && !qualifierBefore(tokens, n.startIdx)) {
      if (!['in', 'since', 'until', 'till', 'by', 'from', 'during'].includes(prev.lower)) return true;
    }
    if (prev && prev.text === '#') return true;
    if (prev && /^(aged|age|ages)$/.test(prev.lower)) return true;
    if (next && /^(years?|yrs?)$/.test(next.lower) && next2?.lower === 'old') return true;
  }
  return false;
}

function lemma(w: string): string {
  return singular(w.toLowerCase().replace(/[’']s$/, ''));
}

/**
 * Normalises a counted noun phrase to a class used in event keys ("captives" -> "hostage"): a participle of
 * what happened ("people killed") or else the head noun, through the lexicon's subjects, then its rules.
 */
export function subjectClass(subject: string | null, lexicon: Lexicon = defaultLexicon()): string | null {
  if (!subject) return null;
  const lower = subject.toLowerCase();
  // the head is before a prepositional phrase: "Israeli prisoners in Gaza" -> "prisoners"
  const all = lower.split(/\s+/);
  const cut = all.findIndex((w, i) => i > 0 && /^(in|inside|at|from|held|detained|across|on)$/.test(w));
  const words = (cut > 0 ? all.slice(0, cut).concat(all.slice(cut).filter((w) => w in STATE_PARTICIPLES)) : all).filter((w) => !/^(in|of|at|inside|the|its|their)$/.test(w));
  const states = new Set(all.filter((w) => w in STATE_PARTICIPLES).map((w) => STATE_PARTICIPLES[w]!));
  let cls: string | null = null;
  // a participle the lexicon classes ("killed", "captured") wins over the head noun
  for (const w of words) {
    const p = STATE_PARTICIPLES[w];
    if (p && lexicon.subjects[p]) { cls = lexicon.subjects[p]!; break; }
  }
  if (!cls) {
    let head: string | null = null;
    for (const w of words) {
      if (/^\p{L}/u.test(w) && !(w in STATE_PARTICIPLES)) head = w;
      else if (w in STATE_PARTICIPLES && head === null) head = w;
    }
    if (!head) return null;
    const l = lemma(head);
    cls = lexicon.subjects[l] ?? l;
  }
  const phrase = new Set(all.map((w) => w.replace(/[’']s$/, '')));
  for (const r of lexicon.subjectRules) {
    if ((r.ifClass === cls || states.has(r.ifClass)) && r.ifAny.some((w) => phrase.has(w))) return r.class;
  }
  return cls;
}

/** Finds every count-like figure in a sentence. */
export function findQuantities(s: Sentence, text: string, lexicon: Lexicon = defaultLexicon()): FoundQuantity[] {
  const tokens = s.tokens;
  const out: FoundQuantity[] = [];
  let i = 0;
  while (i < tokens.length) {
    const n = numberAt(tokens, i);
    if (!n || isExcluded(tokens, n, text)) { i++; continue; }
    let low: number | null = null;
    let high: number | null = null;
    let value: number | null = n.value;
    let qualifier: Qualifier = 'exact';
    let startOff = tokens[n.startIdx]!.start;
    let endOff = n.end;
    let lastIdx = n.endIdx;
    // a range: "between A and B", "from A to B", "A to B", "A-B"
    const prev = tokens[i - 1];
    const sep = tokens[n.endIdx + 1];
    let second: NumAt | null = null;
    if (sep && /^(to|and|[-–])$/.test(sep.lower)) {
      const m = numberAt(tokens, n.endIdx + 2);
      const isBetween = prev?.lower === 'between' || (tokens[i - 2]?.lower === 'between');
      const isFrom = prev?.lower === 'from';
      const okSep = sep.lower === 'to' || /^[-–]$/.test(sep.lower) ? !isBetween : isBetween;
      if (m && okSep && m.value > n.value && !(sep.lower === 'to' && isFrom && false) && !isExcluded(tokens, m, text)) second = m;
      if (m && /^[-–]$/.test(sep.lower) && (sep.start !== tokens[n.endIdx]!.end)) second = okSep && m && m.value > n.value ? m : null;
    }
    if (second) {
      // "1.4 to 2 million": the scale of the second applies to the first
      let lo = n.value;
      if (second.endIdx > second.startIdx && n.endIdx === n.startIdx && lo < second.value / 10 && second.value >= 1000) {
        const scale = second.value / (tokens[second.startIdx]!.kind === 'num' ? (digitValue(tokens[second.startIdx]!.text) ?? 1) : 1);
        if (scale > 1) lo = lo * scale;
      }
      low = lo;
      high = second.value;
      value = null;
      qualifier = 'range';
      endOff = second.end;
      lastIdx = second.endIdx;
      if (prev && (prev.lower === 'between' || prev.lower === 'from')) startOff = prev.start;
      else if (tokens[i - 2]?.lower === 'between' && prev) startOff = tokens[i - 2]!.start;
    }
    let qStartIdx = i;
    if (qualifier !== 'range') {
      const qb = qualifierBefore(tokens, i);
      if (qb) {
        // "some" / "over" / "under" / "about" need to be right before the figure, which they are by construction
        qualifier = qb.q;
        startOff = qb.start;
        qStartIdx = tokens.findIndex((t) => t.start === qb.start);
      }
    } else {
      const qIdx = tokens.findIndex((t) => t.start === startOff);
      const qb = qualifierBefore(tokens, qIdx >= 0 ? qIdx : i);
      if (qb) { startOff = qb.start; qStartIdx = tokens.findIndex((t) => t.start === qb.start); }
    }
    void qStartIdx;
    // following qualifiers: "or more", "or so", "+", "-plus", "or fewer"
    const k = lastIdx + 1;
    let nounStart = k;
    const after = tokens[k];
    if (after && after.text === '+' && after.start === tokens[lastIdx]!.end) {
      if (qualifier === 'exact') qualifier = 'at_least';
      endOff = after.end;
      nounStart = k + 1;
    } else if (after?.lower === 'or' && tokens[k + 1] && /^(more|so|fewer|less)$/.test(tokens[k + 1]!.lower)) {
      const w = tokens[k + 1]!.lower;
      if (qualifier === 'exact') qualifier = w === 'more' ? 'at_least' : w === 'so' ? 'approx' : 'at_most';
      endOff = tokens[k + 1]!.end;
      nounStart = k + 2;
    } else if (after?.lower === 'percent' || after?.text === '%' || after?.lower === 'per' && tokens[k + 1]?.lower === 'cent') {
      // keep: a percentage is a figure
    }
    // currency before the figure
    const cur = tokens[i - 1];
    const money = cur && /^[$€£¥]$/.test(cur.text) ? cur.text : null;
    if (money && cur && qualifier === 'exact') startOff = cur.start;
    // what is counted
    const subj = countedSubject(tokens, nounStart, i, out, s, text, lexicon);
    const t1 = tokens[subj.endIdx + 1];
    const t2 = tokens[subj.endIdx + 2];
    const orAt = t1?.text === ',' ? 2 : 1;
    const o1 = tokens[subj.endIdx + orAt];
    const o2 = tokens[subj.endIdx + orAt + 1];
    if (subj.endIdx >= nounStart && o1?.lower === 'or' && o2 && /^(more|fewer|less)$/.test(o2.lower) && qualifier === 'exact') {
      qualifier = o2.lower === 'more' ? 'at_least' : 'at_most';
    }
    void t2;
    // "200 and 250 captives, or more"
    const tail = tokens.slice(subj.endIdx + 1, subj.endIdx + 4).map((t) => t.lower).join(' ');
    if (qualifier === 'range' && /^, or more|^or more/.test(tail)) { /* range stays; 'or more' widens it */ }
    out.push({
      value, low, high, qualifier,
      subject: money ? (subj.subject ? `${subj.subject} (${money})` : money) : subj.subject,
      subjectHead: subjectClass(subj.subject, lexicon),
      place: subj.place,
      text: text.slice(startOff, endOff),
      start: startOff,
      end: endOff,
    });
    i = lastIdx + 1;
  }
  shareWholeSubject(out, text);
  return out;
}

/**
 * A part of a whole counts what the whole counts: "nearly 1.4 million of the Strip's population of 2.2 million
 * people displaced" — the 1.4 million are displaced people, not a population.
 */
function shareWholeSubject(found: FoundQuantity[], text: string): void {
  for (let k = 0; k + 1 < found.length; k++) {
    const part = found[k]!;
    const whole = found[k + 1]!;
    if (!part.subject || !whole.subject || !/\b(population|total|residents|inhabitants)\b/i.test(part.subject)) continue;
    if (!/^\s*of\s+(the\s+)?\S+\s+(population|total|residents|inhabitants)\s+of\s*$/i.test(text.slice(part.end, whole.start))) continue;
    part.subject = whole.subject;
    part.subjectHead = whole.subjectHead;
    part.place ??= whole.place;
  }
}

interface SubjectAt { subject: string | null; place: string | null; endIdx: number }

function countedSubject(tokens: Token[], k: number, numIdx: number, earlier: FoundQuantity[], s: Sentence, text: string, lexicon: Lexicon): SubjectAt {
  let j = k;
  const words: string[] = [];
  let endIdx = k - 1;
  let place: string | null = null;
  const first = tokens[j];
  if (first && (first.text === '%' || first.lower === 'percent')) return { subject: 'percent', place: null, endIdx: j };
  // "35 of its citizens", "29 of them"
  if (first?.lower === 'of') {
    let m = j + 1;
    while (tokens[m] && /^(the|its|their|his|her|our|these|those|whom)$/.test(tokens[m]!.lower)) m++;
    if (tokens[m] && /^(them|whom|those|these)$/.test(tokens[m]!.lower)) {
      const prevSubj = earlier[earlier.length - 1]?.subject ?? null;
      const pred = predicateAfter(tokens, m + 1);
      return { subject: [prevSubj, pred].filter(Boolean).join(' ') || null, place: null, endIdx: m };
    }
    j = m;
  }
  while (tokens[j] && words.length < 4) {
    const t = tokens[j]!;
    if (t.kind !== 'word') break;
    if (STOP_NP.has(t.lower) && !(words.length === 0 && t.lower in STATE_PARTICIPLES)) break;
    if (words.length > 0 && (VERBS_AFTER_NP.test(t.lower) || (/ed$/.test(t.lower) && !(t.lower in STATE_PARTICIPLES)))) break;
    if (/^(people|others)$/.test(t.lower) || words.length < 4) words.push(t.text);
    endIdx = j;
    j++;
    if (/^(people|others)$/.test(t.lower)) break;
  }
  // "held in Gaza" / "in its prisons" / "in Gaza"
  let m = j;
  let ppWords: string[] = [];
  if (tokens[m] && /^(held|detained)$/.test(tokens[m]!.lower)) { ppWords.push(tokens[m]!.text); m++; }
  if (tokens[m] && /^(in|inside)$/.test(tokens[m]!.lower)) {
    const pp: string[] = [tokens[m]!.text];
    let q = m + 1;
    while (tokens[q] && /^(the|its|their|his|her)$/.test(tokens[q]!.lower)) { pp.push(tokens[q]!.text); q++; }
    const placeStart = q;
    while (tokens[q] && tokens[q]!.kind === 'word' && (/^\p{Lu}/u.test(tokens[q]!.text) || /^prisons?$|^jails?$|^custody$|^captivity$/.test(tokens[q]!.lower)) && q - placeStart < 3) { pp.push(tokens[q]!.text); q++; }
    if (q > placeStart) {
      ppWords = ppWords.concat(pp);
      const pl = tokens.slice(placeStart, q).map((t) => t.text).join(' ');
      if (/^\p{Lu}/u.test(pl)) place = pl;
      endIdx = q - 1;
      m = q;
    } else ppWords = [];
  } else ppWords = [];
  let subject = words.length ? words.join(' ') : null;
  // a participle after the noun phrase: "prisoners were killed", "are believed to have been killed"
  let pred = predicateAfter(tokens, m);
  // "12 people were held in Veldam": the place of what happened belongs to what is counted
  const predPlace = pred && !ppWords.length ? placeAfterParticiple(tokens, m) : null;
  // a generic noun ("people", "others") is counted as what its clause says happened to them:
  // "the families of at least 229 people – both military and civilian – that their children were being detained in Gaza"
  if (!pred && subject && isPeople(subject, lexicon)) {
    const inClause = predicateInClause(tokens, m);
    if (inClause) {
      pred = inClause.state;
      subject = [subject, inClause.state, ppWords.length ? null : inClause.place].filter(Boolean).join(' ');
      if (inClause.place) place ??= inClause.place.replace(/^(in|inside)\s+/i, '');
    }
  }
  // a verb before the figure: "kill 1,400 people", "left more than 7,300 martyrs"
  let before: string | null = null;
  for (let b = numIdx - 1; b >= Math.max(0, numIdx - 5); b--) {
    const w = tokens[b]!.lower;
    if (w in VERB_BEFORE) { before = VERB_BEFORE[w]!; break; }
    // "France lost 35 of its citizens": lost people are dead ones ("lost 35 seats" is not)
    if (/^(lost|lose|loses|losing)$/.test(w) && subject && isPeople(subject, lexicon)) { before = 'killed'; break; }
    if (tokens[b]!.kind === 'punct' || /^(and|or|but|that|which|who)$/.test(w)) break;
  }
  if (!subject) {
    subject = subjectFromContext(tokens, numIdx, earlier);
  }
  if (subject && ppWords.length) subject = `${subject} ${ppWords.join(' ')}`;
  const subjIsState = !!subject && subject.toLowerCase().split(' ').some((w) => w in STATE_PARTICIPLES);
  const state = pred ?? (subjIsState ? null : before && before !== 'killed' ? before : before === 'killed' && !/martyr|dead|death/i.test(subject ?? '') ? 'killed' : null);
  if (state && subject && !subject.toLowerCase().includes(state)) subject = `${subject} ${state}${predPlace ? ` ${predPlace}` : ''}`;
  else if (state && !subject) subject = state;
  if (!place) place = placeInSentence(s, text);
  return { subject, place, endIdx };
}

/** Whether a counted phrase names people in general ("people", "citizens", "others"), by the lexicon. */
function isPeople(subject: string, lexicon: Lexicon): boolean {
  const cls = lexicon.subjects[lemma(subject.split(' ').pop()!)];
  return cls === 'people' || cls === 'citizen';
}

/** Furthest a clause-level predicate is looked for after a counted noun, in tokens. */
const CLAUSE_REACH = 25;

/** The first "was/were (being) <participle> (in Place)" later in the clause, before any other figure. */
function predicateInClause(tokens: Token[], m: number): { state: string; place: string | null } | null {
  for (let q = m; q < Math.min(tokens.length, m + CLAUSE_REACH); q++) {
    const t = tokens[q]!;
    if (t.kind === 'num' || t.text === ';') return null;
    if (!(t.lower in STATE_PARTICIPLES) || !AUX.has(tokens[q - 1]?.lower ?? '')) continue;
    const inTok = tokens[q + 1];
    const placeTok = tokens[q + 2];
    const place = inTok && /^(in|inside)$/.test(inTok.lower) && placeTok && /^\p{Lu}/u.test(placeTok.text) ? `${inTok.text} ${placeTok.text}` : null;
    return { state: t.lower, place };
  }
  return null;
}

/** "in Veldam" after the participle that predicateAfter found from `m`, or null. */
function placeAfterParticiple(tokens: Token[], m: number): string | null {
  let q = m;
  while (tokens[q] && AUX.has(tokens[q]!.lower)) q++;
  const inTok = tokens[q + 1];
  const placeTok = tokens[q + 2];
  return inTok && /^(in|inside)$/.test(inTok.lower) && placeTok && /^\p{Lu}/u.test(placeTok.text) ? `${inTok.text} ${placeTok.text}` : null;
}

function predicateAfter(tokens: Token[], m: number): string | null {
  let q = m;
  let steps = 0;
  while (tokens[q] && AUX.has(tokens[q]!.lower) && steps < 6) { q++; steps++; }
  const w = tokens[q]?.lower;
  if (steps > 0 && w && STATE_PARTICIPLES[w]) return w;
  return null;
}

function subjectFromContext(tokens: Token[], numIdx: number, earlier: FoundQuantity[]): string | null {
  // "far more than 100 and perhaps more than 200": share the subject of the figure just before
  const last = earlier[earlier.length - 1];
  // "the death of more than 9,227"
  for (let b = numIdx - 1; b >= Math.max(0, numIdx - 4); b--) {
    if (tokens[b]!.lower === 'of' && tokens[b - 1]) {
      const h = tokens[b - 1]!.lower;
      if (/^(death|deaths|killing|toll)$/.test(h)) return 'deaths';
      if (/^(injury|injuries)$/.test(h)) return 'injured';
      if (/^(total|number|count)$/.test(h)) break;
      break;
    }
  }
  // "the number of hostages ... is far more than 100", "the prisoners, whose number ... at 240"
  for (let b = numIdx - 1; b >= 0; b--) {
    const t = tokens[b]!;
    if (t.lower === 'number' || t.lower === 'toll' || t.lower === 'count' || t.lower === 'total') {
      if (t.lower === 'toll' && tokens[b - 1]?.lower === 'death') return 'deaths';
      if (tokens[b + 1]?.lower === 'of') {
        const ws: string[] = [];
        let q = b + 2;
        while (tokens[q] && tokens[q]!.kind === 'word' && !STOP_NP.has(tokens[q]!.lower) && ws.length < 3) { ws.push(tokens[q]!.text); q++; }
        if (ws.length) return ws.join(' ');
      }
      if (tokens[b - 1]?.lower === 'whose') {
        // "<noun>, whose number": the noun before
        let q = b - 2;
        while (q >= 0 && tokens[q]!.kind === 'punct') q--;
        if (q >= 0 && tokens[q]!.kind === 'word') return tokens[q]!.text;
      }
    }
  }
  if (last && last.subject && tokens.slice(0, numIdx).some((t) => t.start >= last.end && /^(and|or|perhaps|possibly|maybe)$/.test(t.lower))) {
    const between = tokens.filter((t) => t.start >= last.end && t.end <= tokens[numIdx]!.start);
    if (between.length <= 5) return last.subject;
  }
  return null;
}

const PLACE_RE = /\b(?:in|inside|across|throughout|from)\s+(?:the\s+)?((?:\p{Lu}[\p{L}'’-]+)(?:\s+(?:Strip|Bank|City|Province|Region|State|Valley|Heights|\p{Lu}[\p{L}'’-]+)){0,2})/u;
function placeInSentence(s: Sentence, _text: string): string | null {
  const m = PLACE_RE.exec(s.text);
  if (!m) return null;
  const p = m[1]!;
  if (/^(The|A|An|His|Her|Its|Their|October|November|December|January|February|March|April|May|June|July|August|September|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.test(p.split(' ')[0]!)) return null;
  return p;
}
