// Rule "X backs Y": a cue the verb lists do not name, found by the learned cue model (cue-model.ts), with
// its speaker to the left (as for any cue verb) and its content from the end of the cue to the end of the clause.
import { cueForm } from '../cues.js';
import { type CueModel, cueFeatures, cueScore, endFeatures } from '../cue-model.js';
import { type Attr, type CueAt, type SentenceScan, speakerOf } from './attributions.js';
import { PRONOUN_SUBJ, npBefore, sentenceSubject, textOf } from './noun-phrases.js';
import { trimContent } from './quotations.js';

/** The longest cue (in words) the rule takes; longer runs are a sentence the model is unsure of. */
const MAX_CUE_WORDS = 8;

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
  const subj = sentenceSubject(s);
  return subj && subj[1] <= c ? subj : null;
}

/** Attributions for the runs of words the model scores as a cue that no rule has taken. */
export function learnedCueRule(scan: SentenceScan, model: CueModel, taken: Attr[]): Attr[] {
  const { s, text, tokens, used, inQuote } = scan;
  const takenTok = (k: number): boolean => used.has(k) || taken.some((a) => k >= a.cue[0] && k < a.cue[1]);
  const isCue = tokens.map((t, i) => t.kind === 'word' && !takenTok(i) && cueScore(model, cueFeatures(tokens, i, inQuote(t))) > model.threshold);
  const out: Attr[] = [];
  for (let a = 0; a < tokens.length; a++) {
    if (!isCue[a]) continue;
    let b = a + 1;
    while (b < tokens.length && isCue[b]) b++;
    const run: [number, number] = [a, b];
    a = b - 1;
    if (b - run[0] > MAX_CUE_WORDS || run[0] > 0 && takenTok(run[0] - 1) || takenTok(b)) continue;
    const first = tokens[run[0]]!;
    const last = tokens[b - 1]!;
    if (b >= tokens.length) continue;
    // the content runs from the cue to the first word the end model says it ends before, else to the sentence end
    let stop = s.end;
    for (let m = b + 1; m < tokens.length; m++) {
      if (cueScore(model.end, endFeatures(tokens, b, m, inQuote(tokens[m]!))) > model.end.threshold) { stop = tokens[m]!.start; break; }
    }
    const [start, end] = trimContent(text, tokens[b]!.start, stop);
    if (end <= start) continue;
    const sourceless = model.sourceless.has(last.lower);
    let speakerTok: [number, number] | null = null;
    let inherit = false;
    let mention: [number, number] | undefined;
    if (!sourceless) {
      const form = cueForm(first.lower) ?? { base: first.lower, cls: 'evaluation' as const };
      const cue: CueAt = { c: run[0], t: first, form, base: form.base, cueEnd: b, callFor: null, next: tokens[b], initialSaid: false };
      const who = speakerOf(scan, cue);
      if (who?.speaker) speakerTok = who.speaker;
      if (who?.relTok != null) mention = [who.relTok, who.relTok + 1];
      if (!speakerTok) speakerTok = nearestSource(scan, run[0]);
      if (!speakerTok && who?.inherit) inherit = true;
      // a cue that has a speaker but none is found: a claim without its source is not one a reader can check
      if (!speakerTok && !inherit) continue;
    }
    out.push({
      speakerTok,
      speakerText: speakerTok ? textOf(text, tokens, speakerTok) : null,
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

