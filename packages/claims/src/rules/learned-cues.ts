// Rule "X backs Y": a cue the verb lists do not name, found by the learned cue model (cue-model.ts), with
// its speaker to the left (as for any cue verb) and its content from the end of the cue to the end of the clause.
import { cueForm } from '../cues.js';
import { type CueModel, cueFeatures, cueScore } from '../cue-model.js';
import { type Attr, type CueAt, type SentenceScan, speakerOf } from './attributions.js';
import { textOf } from './noun-phrases.js';
import { trimContent } from './quotations.js';

/** The longest cue (in words) the rule takes; longer runs are a sentence the model is unsure of. */
const MAX_CUE_WORDS = 8;

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
    let [start, end] = trimContent(text, tokens[b]?.start ?? s.end, s.end);
    // the clause ends at a semicolon
    const semi = tokens.findIndex((x, k) => k >= b && x.text === ';' && !inQuote(x));
    if (semi >= 0) [start, end] = trimContent(text, start, tokens[semi]!.start);
    if (end <= start) continue;
    const sourceless = model.sourceless.has(last.lower);
    let speakerTok: [number, number] | null = null;
    let inherit = false;
    if (!sourceless) {
      const form = cueForm(first.lower) ?? { base: first.lower, cls: 'evaluation' as const };
      const cue: CueAt = { c: run[0], t: first, form, base: form.base, cueEnd: b, callFor: null, next: tokens[b], initialSaid: false };
      const who = speakerOf(scan, cue);
      if (who?.speaker) speakerTok = who.speaker;
      else if (who?.inherit) inherit = true;
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
    });
  }
  return out;
}
