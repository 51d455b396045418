// Rule "the content is the best candidate span": for a cue the other rules found, the spans its content could be
// (from a start right after the cue, its "that", a quotation or a comma, to any later word of the sentence; or a
// span of the words left of the speaker, "..., X said") are scored by the learned content model
// (content-model.ts) and the best one is the content. The rules' own span is one of the candidates, and the
// model knows which one it is.
import { cueForm, type CueClass } from '../cues.js';
import { type Token } from '../text.js';
import type { ContentModel } from '../types.js';
import { trimContent } from './quotations.js';

/** A cue in its sentence, with the speaker and the span the rules gave its content. */
export interface ContentSite {
  /** The sentence's tokens. */
  tokens: Token[];
  text: string;
  /** Token range [a, b) of the cue. */
  cue: [number, number];
  /** Token range of the speaker in this sentence, if any. */
  speaker: [number, number] | null;
  /** The rules' content span, in characters. */
  rule: [number, number];
  /** The figures of the sentence (character spans): a content keeps the ones the rules' span holds, and no other. */
  figures?: Array<[number, number]>;
  /** The edges of the rules' span that the rules decide for themselves (see keptEdges). */
  keep?: { start: boolean; end: boolean };
}

/**
 * The edges of a content the rules decide for themselves: a stated intention's content is its infinitive
 * ("declined | to say whether ..."), and a relative clause set off by a comma ends at its comma ("Olsen, who told
 * the press that ... |, left"). `mention` is the token of the relative "who", if any; `ownEdges`, both edges
 * (a rule that places its content itself, as "X is expected to ...").
 */
export function keptEdges(tokens: Token[], cls: CueClass | null | undefined, mention: number | null, ownEdges = false): { start: boolean; end: boolean } {
  if (ownEdges) return { start: true, end: true };
  return { start: cls === 'intention', end: mention !== null && tokens[mention - 1]?.text === ',' };
}

/** One candidate: tokens [a, b) and their trimmed characters [start, end). */
export interface ContentCandidate { a: number; b: number; start: number; end: number; rule: boolean; side: Side }

/** Where a content lies: right of the cue, left of it, or around it (a quotation split by its attribution, "X, he said, Y"). */
type Side = 'R' | 'L' | 'A';

/** How many words after the cue (past its speaker when that follows it) a content may start. */
const MAX_START_SKIP = 10;
/** The longest content (in tokens) a candidate has. */
const MAX_CONTENT_TOKENS = 90;
/** A content is at least two words (as every claim's, see keepStatements). */
const MIN_CONTENT_WORDS = 2;

/** Words that open a content clause: "that", "whether", an infinitive's "to", a question word. */
const CLAUSE_OPENERS = /^(that|whether|if|to|how|why|what|when|where|who|which)$/;
/** Punctuation and prepositions after which a content may start ("praised X for | speaking out", "said: | ..."). */
const STARTS_AFTER = /^(,|:|—|–|for|about|of|on|against|with|as|over|at)$/;
const OPEN_MARKS = /^[“"(‘]$/;
const CLOSE_MARKS = /^[”")’]$/;

const norm = (t: Token | undefined): string => (!t ? '</s>' : t.kind === 'num' ? '<num>' : t.lower);
/** A word's shape: punctuation as itself, a capitalised word, a lower-case word, a figure; the sentence's edge. */
const shape = (t: Token | undefined): string => (!t ? '</s>' : t.kind === 'punct' ? t.text : t.kind === 'num' ? '<num>' : /^\p{Lu}/u.test(t.text) ? 'Cap' : 'low');

/** A distance in a few bins. */
function bin(d: number): string {
  return d <= 2 ? `${d}` : d <= 4 ? '3-4' : d <= 8 ? '5-8' : d <= 16 ? '9-16' : d <= 32 ? '17-32' : '33+';
}

/** The token range of a character span within the sentence, or null when it runs outside the sentence. */
function tokenRange(tokens: Token[], start: number, end: number): [number, number] | null {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last || start < first.start || end > last.end) return null;
  let a = tokens.findIndex((t) => t.end > start);
  let b = a;
  while (b < tokens.length && tokens[b]!.start < end) b++;
  if (a < 0 || b <= a) return null;
  while (a < b && tokens[a]!.kind === 'punct' && !OPEN_MARKS.test(tokens[a]!.text)) a++;
  return b > a ? [a, b] : null;
}

/** Where content right of the cue may start: after the cue, or after its speaker when that follows ("said Kaldor, “...”"). */
function rightFrom(site: ContentSite): number {
  const { cue, speaker } = site;
  return speaker && speaker[0] >= cue[1] ? speaker[1] : cue[1];
}

/** Where content left of the cue must end: before the speaker when it comes first, else before the cue. */
function leftTo(site: ContentSite): number {
  const { cue, speaker } = site;
  return speaker && speaker[1] <= cue[0] ? speaker[0] : cue[0];
}

/** Where a span of tokens lies from the cue. */
function sideOf(site: ContentSite, [a, b]: [number, number]): Side {
  return a >= site.cue[1] ? 'R' : b <= site.cue[0] ? 'L' : 'A';
}

/** The candidates of a site (the rules' span first); none when the rules' span runs outside the sentence. */
export function contentCandidates(site: ContentSite): ContentCandidate[] {
  const { tokens, text, rule } = site;
  const ruleTok = tokenRange(tokens, rule[0], rule[1]);
  if (!ruleTok) return [];
  const out: ContentCandidate[] = [{ a: ruleTok[0], b: ruleTok[1], start: rule[0], end: rule[1], rule: true, side: sideOf(site, ruleTok) }];
  const wordsBefore = [0];
  tokens.forEach((t, k) => wordsBefore.push(wordsBefore[k]! + (t.kind === 'punct' ? 0 : 1)));
  const words = (a: number, b: number): number => wordsBefore[b]! - wordsBefore[a]!;
  const keep = site.keep ?? { start: false, end: false };
  // the rules skipped an adjunct set off by commas after the cue ("called today, after a summit, | for a truce"): no content starts in it
  const from = rightFrom(site);
  const skippedAdjunct = ruleTok[0] > from && tokens.slice(from, ruleTok[0]).filter((t) => t.text === ',').length >= 2;
  const push = (a: number, b: number, side: Side): void => {
    if (a === ruleTok[0] && b === ruleTok[1]) return;
    if (side === 'R' && skippedAdjunct && a < ruleTok[0]) return;
    if ((keep.start && a !== ruleTok[0]) || (keep.end && b !== ruleTok[1])) return;
    // a span that ends on punctuation is the same span as the one before it, trimmed
    const last = tokens[b - 1]!;
    if (last.kind === 'punct' && !CLOSE_MARKS.test(last.text)) return;
    if (words(a, b) < MIN_CONTENT_WORDS) return;
    const [start, end] = trimContent(text, tokens[a]!.start, tokens[b - 1]!.end);
    if (end > start) out.push({ a, b, start, end, rule: false, side });
  };
  const startable = (k: number): boolean => tokens[k]!.kind !== 'punct' || OPEN_MARKS.test(tokens[k]!.text);
  for (let a = from; a < tokens.length && a <= from + MAX_START_SKIP; a++) {
    // right of the cue a content starts after it, at a clause ("that", "whether", "to"), a quotation, or after a comma, colon or preposition
    if (!startable(a) || !(a === from || a === ruleTok[0] || CLAUSE_OPENERS.test(tokens[a]!.lower) || OPEN_MARKS.test(tokens[a]!.text) || STARTS_AFTER.test(tokens[a - 1]!.lower))) continue;
    for (let b = a + 1; b <= tokens.length && b - a <= MAX_CONTENT_TOKENS; b++) push(a, b, 'R');
  }
  const to = leftTo(site);
  for (let a = 0; a < to; a++) {
    // left of the cue a content opens the sentence, a quotation or a clause after a comma
    if (!startable(a) || !(a === 0 || tokens[a - 1]!.kind === 'punct' || OPEN_MARKS.test(tokens[a]!.text))) continue;
    for (let b = a + 1; b <= to && b - a <= MAX_CONTENT_TOKENS; b++) push(a, b, 'L');
    // around the cue and its speaker: from here to a word after them
    for (let b = from + 1; b <= tokens.length && b - a <= MAX_CONTENT_TOKENS; b++) push(a, b, 'A');
  }
  return out;
}

/** The word that names the cue: its last word ("pointed out" -> "out" is less telling than "pointed", so the first word that is not a function word). */
function cueWord(site: ContentSite): string {
  const { tokens, cue } = site;
  for (let k = cue[0]; k < cue[1]; k++) if (cueForm(tokens[k]!.lower)) return tokens[k]!.lower;
  return norm(tokens[cue[1] - 1]);
}

/** The features of where a candidate starts. */
function startFeatures(site: ContentSite, cw: string, a: number, side: Side, out: (f: string) => void): void {
  const { tokens } = site;
  const w = norm(tokens[a]);
  const p = a > 0 ? norm(tokens[a - 1]) : '<s>';
  out(`${side}sw=${w}`); out(`${side}sp=${p}`); out(`${side}sps=${p}|${w}`); out(`${side}ss=${shape(tokens[a])}`); out(`${side}csw=${cw}|${w}`);
  if (side === 'R') {
    out(`Rsd=${bin(a - rightFrom(site))}`);
    out(`Rcsd=${cw}|${bin(a - rightFrom(site))}`);
  } else out(`${side}sd=${bin(a)}`);
}

/** The features of where a candidate ends (before token b). */
function endFeatures(site: ContentSite, cw: string, b: number, side: Side, out: (f: string) => void): void {
  const { tokens } = site;
  const w = norm(tokens[b]);
  const l = norm(tokens[b - 1]);
  const n = tokens[b] ? norm(tokens[b + 1]) : '</s>';
  out(`${side}ew=${w}`); out(`${side}el=${l}`); out(`${side}ele=${l}|${w}`); out(`${side}ewn=${w}|${n}`); out(`${side}es=${shape(tokens[b])}|${shape(tokens[b + 1])}`);
  out(`${side}cew=${cw}|${w}`);
  if (side === 'L') out(`Lgap=${bin(leftTo(site) - b)}`);
  else {
    // the rest of the sentence after the end: only punctuation left is the sentence's end
    let k = b;
    while (k < tokens.length && tokens[k]!.kind === 'punct') k++;
    if (k >= tokens.length) out(`${side}eos`);
  }
}

/** Running counts over a sentence's tokens, so that what a candidate holds is two lookups: counts[k] is over tokens [0, k). */
interface Counts { curly: number[]; straight: number[]; commas: number[]; ands: number[]; cues: number[] }

function countsOf(tokens: Token[]): Counts {
  const c: Counts = { curly: [0], straight: [0], commas: [0], ands: [0], cues: [0] };
  tokens.forEach((t, k) => {
    c.curly.push(c.curly[k]! + (t.text === '“' ? 1 : t.text === '”' ? -1 : 0));
    c.straight.push(c.straight[k]! + (t.text === '"' ? 1 : 0));
    c.commas.push(c.commas[k]! + (t.text === ',' ? 1 : 0));
    c.ands.push(c.ands[k]! + (t.lower === 'and' || t.lower === 'but' ? 1 : 0));
    c.cues.push(c.cues[k]! + (t.kind === 'word' && /^[a-z]/.test(t.text) && cueForm(t.lower)?.cls === 'speech' ? 1 : 0));
  });
  return c;
}

/** What is computed once for a site: the cue's word, where the rules' span lies, the running counts. */
interface Prepared { cw: string; ruleTok: [number, number]; ruleSide: Side; counts: Counts }

function prepare(site: ContentSite, ruleTok: [number, number]): Prepared {
  return { cw: cueWord(site), ruleTok, ruleSide: sideOf(site, ruleTok), counts: countsOf(site.tokens) };
}

/** What a candidate holds: its length, quotation marks left open, commas, other cue verbs; and how it stands to the rules' span. */
function pairFeatures(site: ContentSite, c: ContentCandidate, p: Prepared, out: (f: string) => void): void {
  const { tokens } = site;
  const { a, b, side } = c;
  const { counts, ruleTok } = p;
  const len = bin(b - a);
  out(`${side}len=${len}`);
  const balanced = counts.curly[b]! === counts.curly[a]! && (counts.straight[b]! - counts.straight[a]!) % 2 === 0;
  if (!balanced) out('unbalanced');
  out(`${side}commas=${bin(counts.commas[b]! - counts.commas[a]!)}`);
  out(`${side}ands=${bin(counts.ands[b]! - counts.ands[a]!)}`);
  if (counts.cues[b]! - counts.cues[a + 1]! > 0) out(`${side}cueIn`);
  if (balanced && OPEN_MARKS.test(tokens[a]!.text) && CLOSE_MARKS.test(tokens[b - 1]!.text)) out(`${side}quoted`);
  out(`${side}lenw=${len}|${norm(tokens[b])}`);
  if (c.rule) { out('rule'); out(`rule|${p.cw}`); }
  else {
    out(`${side}${p.ruleSide}`);
    out(a === ruleTok[0] ? 'ruleStart' : a < ruleTok[0] ? 'beforeRuleStart' : 'afterRuleStart');
    out(b === ruleTok[1] ? 'ruleEnd' : b < ruleTok[1] ? 'beforeRuleEnd' : 'afterRuleEnd');
  }
}

/** All the features of each candidate (for training; placeContent computes the same sums by parts). */
export function candidateFeatures(site: ContentSite, cands: ContentCandidate[]): string[][] {
  const p = prepare(site, ruleTokens(cands));
  return cands.map((c) => {
    const f: string[] = [];
    const push = (x: string): void => { f.push(x); };
    startFeatures(site, p.cw, c.a, c.side, push);
    endFeatures(site, p.cw, c.b, c.side, push);
    pairFeatures(site, c, p, push);
    return f;
  });
}

/** The rules' span of the candidates (the first), as tokens. */
export const ruleTokens = (cands: ContentCandidate[]): [number, number] => [cands[0]!.a, cands[0]!.b];

/** The content the model scores best among a site's candidates; the rules' span when there are none. */
export function placeContent(site: ContentSite, model: ContentModel): [number, number] {
  const cands = contentCandidates(site);
  if (cands.length <= 1) return site.rule;
  const w = model.weights;
  const p = prepare(site, ruleTokens(cands));
  const cw = p.cw;
  const startScores = new Map<string, number>();
  const endScores = new Map<string, number>();
  // the content's figures are the rules': who stated a figure is what the claims are read for, and the figure rules
  // decide it (a figure in a clause the rules' content runs over stays its speaker's; one outside stays out)
  const figures = site.figures ?? [];
  const holds = (start: number, end: number, [fs, fe]: [number, number]): boolean => fs >= start && fe <= end;
  // and a content the rules open with a figure opens with it, qualifier first ("estimated at | at least 240")
  const opensWithFigure = figures.some(([fs]) => fs === site.rule[0]);
  let best = cands[0]!;
  let bestScore = -Infinity;
  for (const c of cands) {
    if (figures.some((f) => holds(c.start, c.end, f) !== holds(site.rule[0], site.rule[1], f))) continue;
    if (opensWithFigure && c.start !== site.rule[0]) continue;
    let z = 0;
    const add = (x: string): void => { z += w.get(x) ?? 0; };
    const sk = `${c.side}${c.a}`;
    let s = startScores.get(sk);
    if (s === undefined) { z = 0; startFeatures(site, cw, c.a, c.side, add); s = z; startScores.set(sk, s); }
    const ek = `${c.side}${c.b}`;
    let e = endScores.get(ek);
    if (e === undefined) { z = 0; endFeatures(site, cw, c.b, c.side, add); e = z; endScores.set(ek, e); }
    z = 0;
    pairFeatures(site, c, p, add);
    const score = s + e + z;
    if (score > bestScore) { best = c; bestScore = score; }
  }
  return [best.start, best.end];
}
