// Quotations and content spans: a quotation before or after its speaker, one that goes on in the next sentence, trimmed edges.
import { type Quote, type Sentence, type Token } from '../text.js';
import type { DetailedClaim } from '../types.js';

export function quoteStartingAt(quotes: Quote[], pos: number, text: string): Quote | undefined {
  // the first quotation starting at pos (after spaces / ":" / ",")
  let p = pos;
  while (p < text.length && /[\s:,—–-]/.test(text[p]!)) p++;
  return quotes.find((q) => q.start === p && q.end - q.start > 12);
}

export function quoteEndingAt(quotes: Quote[], pos: number, text: string): Quote | undefined {
  let p = pos;
  // within the paragraph: a quotation that closed the paragraph before is not this speaker's
  while (p > 0 && /[^\S\n]|[,—–-]/.test(text[p - 1]!)) p--;
  return quotes.find((q) => q.end === p || (q.end === p + 1 && false));
}

export function trimContent(text: string, start: number, end: number): [number, number] {
  while (start < end && /[\s,:;—–-]/.test(text[start]!)) start++;
  while (end > start && /[\s,.;:!?—–-]/.test(text[end - 1]!)) end--;
  // a closing mark whose opening lies outside the content: `he did not support it.”`
  if (end > start && /[”"]/.test(text[end - 1]!) && !/[“"]/.test(text.slice(start, end - 1))) {
    end--;
    while (end > start && /[\s,.;:!?—–-]/.test(text[end - 1]!)) end--;
  }
  return [start, end];
}


/** Whether a quotation starting at `pos` opens its sentence (only punctuation or a conjunction before it). */
export function opensClause(tokens: Token[], pos: number): boolean {
  const before = tokens.filter((t) => t.end <= pos);
  return before.every((t) => t.kind === 'punct' || /^(and|but|so|yet)$/.test(t.lower));
}

export function prevSentenceQuote(_quotes: Quote[], q: Quote | undefined, s: Sentence): boolean {
  return !!q && q.start < s.start;
}





/** Extends the last statement over a quotation that opens this sentence and carries on the same voice. */
export function continueQuote(s: Sentence, text: string, quotes: Quote[], claims: DetailedClaim[], prev: Sentence | null, all: Sentence[]): void {
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
