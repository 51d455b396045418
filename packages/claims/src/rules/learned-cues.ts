// Rule "X backs Y": a cue the verb lists do not name, found by the learned cue model (cue-model.ts), with
// its speaker to the left (as for any cue verb) and its content from the end of the cue to the end of the clause.
import { cueForm, intentionForm } from '../cues.js';
import { cueScore, cueTokenScore, endFeatures, sentenceNorms } from '../cue-model.js';
import type { CueModel } from '../types.js';
import { type Attr, type CueAt, type SentenceScan, speakerOf } from './attributions.js';
import { complementStart } from './complements.js';
import { BE_AUX, PRONOUN_SUBJ, isAdverb, npAfter, npBefore, textOf } from './noun-phrases.js';
import { mainSubject } from './subjects.js';
import { trimContent } from './quotations.js';
import type { Token } from '../text.js';

/** The longest cue (in words) the rule takes; longer runs are a sentence the model is unsure of. */
const MAX_CUE_WORDS = 8;

/** Words that are not a cue on their own: prepositions, articles, auxiliaries, conjunctions, "also", "not". */
const FUNCTION_WORDS = new Set([
  'to', 'of', 'for', 'on', 'in', 'at', 'by', 'with', 'about', 'from', 'as', 'into', 'over', 'against', 'than', 'that', 'this', 'the', 'a', 'an',
  'and', 'but', 'or', 'also', 'not', "n't", 'no', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'has', 'have', 'had', 'do', 'does',
  'did', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'shall', 'it', 'its', 'his', 'her', 'their', 'there', 'so', 'very',
  'just', 'even', 'still', 'then', 'now', 'more', 'most', 'all', 'some', 'any', 'up', 'out', 'what', 'which', 'who', 'how', 'why', 'when',
]);

/** Whether a speaker phrase names someone: a personal pronoun or a capitalised word that is not a function word. */
function namesSource(tokens: Token[], [a, b]: [number, number]): boolean {
  return tokens.slice(a, b).some((t) => PRONOUN_SUBJ.has(t.lower) || (/^\p{Lu}/u.test(t.text) && !FUNCTION_WORDS.has(t.lower)));
}

/** A personal pronoun with a contracted auxiliary ("he's", "they're", "she'd"). */
const PRONOUN_CONTRACTION = /^(he|she|they|we|i|you)'(s|re|ve|d|ll|m)$/;

/** The speaker's words; of "He’s" the pronoun without its auxiliary, so that it resolves like any pronoun. */
function speakerTextOf(text: string, tokens: Token[], tok: [number, number]): string {
  const t = tokens[tok[0]]!;
  return tok[1] - tok[0] === 1 && PRONOUN_CONTRACTION.test(t.lower) ? t.text.slice(0, t.text.search(/['’]/)) : textOf(text, tokens, tok);
}

/** How far left of a cue (in words) a source is looked for when the subject rules find none. */
const SOURCE_REACH = 12;

/**
 * The nearest name or personal pronoun left of the cue in its clause ("Rep. Elijah Cummings (D-Md.), chair of
 * the Platform Committee, said"), else the sentence's subject when it stands before the cue.
 */
function nearestSource(scan: SentenceScan, c: number): [number, number] | null {
  const { s, tokens, inQuote } = scan;
  for (let k = c - 1; k >= 0 && c - k <= SOURCE_REACH; k--) {
    const t = tokens[k]!;
    if (t.text === ';' || /^[“”"]$/.test(t.text) || inQuote(t)) break;
    if (t.kind !== 'word' || !(PRONOUN_SUBJ.has(t.lower) || (k > 0 && /^\p{Lu}/u.test(t.text)))) continue;
    const np = npBefore(tokens, k, 0);
    if (np) return np;
  }
  const subj = mainSubject(s.tokens);
  return subj && subj[1] <= c ? subj : null;
}

/** How far after a passive cue (in words) its "by" agent is looked for. */
const AGENT_REACH = 4;
/** Past participles that do not end in -ed. */
const IRREGULAR_PARTICIPLE = /^(said|told|known|shown|seen|thought|written|spoken|heard|given|taken|found|made|held|brought|sought|taught|felt|meant|understood|forbidden|driven|chosen|beaten)$/;

/**
 * A cue in the passive ("was asked", "is said to", "has been criticized for"): its participle follows a form
 * of "be", in the run or just before it. The agent is the noun phrase after a "by" close behind, or null.
 */
function passiveCue(tokens: Token[], [a, b]: [number, number]): { agent: [number, number] | null } | null {
  const p = tokens.slice(a, b).findIndex((t) => /^[a-z]+ed$/.test(t.text) || IRREGULAR_PARTICIPLE.test(t.lower));
  // only a verb of saying or judging: "a deal was offered to release ..." offers, it reports nothing
  if (p < 0 || !cueForm(tokens[a + p]!.lower)) return null;
  let k = a + p - 1;
  while (k >= 0 && isAdverb(tokens[k]) && !BE_AUX.has(tokens[k]!.lower)) k--;
  if (!tokens[k] || !/^(is|are|was|were|be|been|being|am)$/.test(tokens[k]!.lower)) return null;
  for (let m = a + p + 1; m < tokens.length && m - (a + p) <= AGENT_REACH; m++) {
    if (/^[,;:.]$/.test(tokens[m]!.text)) break;
    if (tokens[m]!.lower === 'by') return { agent: npAfter(tokens, m + 1) };
  }
  return { agent: null };
}

/** Attributions for the runs of words the model scores as a cue that no rule has taken. */
export function learnedCueRule(scan: SentenceScan, model: CueModel, taken: Attr[]): Attr[] {
  const { s, text, tokens, used, inQuote } = scan;
  const takenTok = (k: number): boolean => used.has(k) || taken.some((a) => k >= a.cue[0] && k < a.cue[1]);
  const norms = sentenceNorms(tokens);
  // words inside a long quotation are the quoted speaker's, not cues of the article (as the rules, and Citron, read them)
  const scores = tokens.map((t, i) => (t.kind === 'word' && !takenTok(i) && !inQuote(t) ? cueTokenScore(model, norms, tokens, i, false) : -Infinity));
  const isCue = scores.map((z) => z > model.threshold);
  const out: Attr[] = [];
  for (let a = 0; a < tokens.length; a++) {
    if (!isCue[a]) continue;
    let b = a + 1;
    while (b < tokens.length && isCue[b]) b++;
    const run: [number, number] = [a, b];
    a = b - 1;
    // "He’s predicting": one token holds the speaker and the cue's auxiliary; the pronoun is the speaker
    const contracted = PRONOUN_CONTRACTION.test(tokens[run[0]]!.lower) && b - run[0] > 1;
    if (contracted) run[0]++;
    // "In April, Twitter reported": a name the run starts with is the source left of the cue, not part of it
    while (!contracted && b - run[0] > 1 && run[0] > 0 && /^\p{Lu}/u.test(tokens[run[0]]!.text) && !cueForm(tokens[run[0]]!.lower) && !intentionForm(tokens[run[0]]!.lower)) run[0]++;
    if (b - run[0] > MAX_CUE_WORDS || run[0] > 0 && takenTok(run[0] - 1) || takenTok(b)) continue;
    // a cue says something: a run of function words ("to", "also", "about") is not one
    if (!tokens.slice(run[0], b).some((t) => !FUNCTION_WORDS.has(t.lower) && !PRONOUN_CONTRACTION.test(t.lower))) continue;
    // a cue word the verb lists do not know needs more evidence than a known one the rules could not place
    const known = tokens.slice(run[0], b).some((t) => cueForm(t.lower) || intentionForm(t.lower));
    if (!known && Math.max(...scores.slice(run[0], b)) <= model.novelThreshold) continue;
    const first = tokens[run[0]]!;
    const last = tokens[b - 1]!;
    if (b >= tokens.length) continue;
    // "said on Wednesday in a statement that ...", "said, “...”": past the adjuncts to the clause or the quotation
    const comp = complementStart(tokens, b, cueForm(first.lower)?.base ?? first.lower, scan.quotes, text);
    const k = comp.quote || tokens[comp.k]?.lower === 'that' ? comp.k : b;
    // the content runs from there to the first word the end model says it ends before, else to the sentence end
    let stop = comp.quote ? comp.quote.end : s.end;
    for (let m = k + 1; !comp.quote && m < tokens.length; m++) {
      if (cueScore(model.end, endFeatures(tokens, k, m, inQuote(tokens[m]!))) > model.end.threshold) { stop = tokens[m]!.start; break; }
    }
    const [start, end] = trimContent(text, tokens[k]!.start, stop);
    if (end <= start) continue;
    const sourceless = model.sourceless.has(last.lower);
    // no claim without a verb of saying or a source: an unsourced "seemed" is the article's own judgement
    const saying = tokens.slice(run[0], b).some((t) => cueForm(t.lower)?.cls === 'speech');
    if (sourceless && !saying) continue;
    let speakerTok: [number, number] | null = null;
    let inherit = false;
    let mention: [number, number] | undefined;
    const passive = passiveCue(tokens, run);
    if (contracted) speakerTok = [run[0] - 1, run[0]];
    else if (passive) {
      // "was asked to", "has been criticized for": the speaker is the agent after "by", else none is named
      speakerTok = passive.agent;
    } else if (!sourceless) {
      const form = cueForm(first.lower) ?? { base: first.lower, cls: 'evaluation' as const };
      const cue: CueAt = { c: run[0], t: first, form, base: form.base, cueEnd: b, callFor: null, next: tokens[b], initialSaid: false };
      const who = speakerOf(scan, cue);
      if (who?.speaker) speakerTok = who.speaker;
      if (who?.relTok != null) mention = [who.relTok, who.relTok + 1];
      // "..., noting that", "by saying", "after denouncing": a participle speaks for its clause's subject
      const participle = /ing$/.test(first.lower) && (tokens[run[0] - 1]?.text === ',' || /^(by|in|after|before|while|when|without)$/.test(tokens[run[0] - 1]?.lower ?? ''));
      if (participle && !who?.speaker) inherit = true;
      else if (!speakerTok) speakerTok = nearestSource(scan, run[0]);
      if (!speakerTok && who?.inherit) inherit = true;
      // a cue that has a speaker but none is found: a claim without its source is not one a reader can check
      if (!speakerTok && !inherit) continue;
      // a learned cue's source names someone ("Sanders", "she", "the Clinton campaign"), not a phrase the noun rules took for one ("comes")
      if (speakerTok && mention === undefined && !namesSource(tokens, speakerTok)) continue;
    }
    out.push({
      speakerTok,
      speakerText: speakerTok ? speakerTextOf(text, tokens, speakerTok) : null,
      cue: run,
      cueText: text.slice(first.start, last.end),
      start,
      end,
      resolved: null,
      cls: cueForm(first.lower)?.cls ?? 'evaluation',
      inheritFrom: inherit,
      mentionTok: mention,
    });
  }
  return out;
}

