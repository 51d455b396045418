// Evidentials without a speaker: "The House is expected to pass the bill" reports what is expected, by no one named.
import { type Token } from '../text.js';
import { type Attr, type SentenceScan } from './attributions.js';
import { clauseEnd } from './complements.js';
import { isAdverb, npBefore } from './noun-phrases.js';
import { setOffSubject } from './subjects.js';
import { trimContent } from './quotations.js';

/** A form of "be" before the participle ("is expected", "were expected"). */
const BE_FORM = /^(is|are|was|were)$/;
/** Participles that, in the passive with an infinitive, report an expectation without saying whose. */
const EXPECTATION_PARTICIPLE = /^(expected)$/;

/**
 * Rule "X is expected to do Y": the passive names no one who expects it, so the claim has no speaker; the
 * content is the subject with its infinitive, up to the clause's end ("The House is expected to pass the
 * bill later this week"). `c` is the form of "be".
 */
export function expectedRule(scan: SentenceScan, c: number): { attr: Attr; next: number } | null {
  const { s, text, tokens, inQuote } = scan;
  const t = tokens[c]!;
  if (!BE_FORM.test(t.lower) || inQuote(t)) return null;
  let v = c + 1;
  while (isAdverb(tokens[v]) && !EXPECTATION_PARTICIPLE.test(tokens[v]!.lower)) v++;
  const verb = tokens[v];
  if (!verb || !EXPECTATION_PARTICIPLE.test(verb.lower)) return null;
  const to = v + 1;
  if (tokens[to]?.lower !== 'to' || tokens[to + 1]?.kind !== 'word') return null;
  const subject = subjectBefore(tokens, c);
  if (!subject) return null;
  const [start, end] = trimContent(text, tokens[subject[0]]!.start, clauseEnd(tokens, to, inQuote, s.end));
  if (end <= start) return null;
  return { attr: { speakerTok: null, speakerText: null, cue: [c, v + 1], cueText: text.slice(t.start, verb.end), start, end, resolved: null, cls: 'cognition', ownEdges: true }, next: v };
}

/** The subject of the verb at `c`: the noun phrase right before it, or the one that phrases set off by commas separate from it. */
function subjectBefore(tokens: Token[], c: number): [number, number] | null {
  const left = tokens[c - 1];
  if (!left) return null;
  if (left.text === ',') return setOffSubject(tokens, c - 1);
  if (left.kind !== 'word') return null;
  return npBefore(tokens, c - 1, 0);
}
