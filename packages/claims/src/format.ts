// The JSON object `newsline claims FILE` prints per claim (shared/eval/README.md).
import type { Claim } from './types.js';

export interface ClaimLine extends Pick<Claim, 'speaker' | 'speakerStart' | 'speakerEnd' | 'cue' | 'cueStart' | 'cueEnd' | 'text' | 'start' | 'end'> {
  quantities: Array<{ value: number | null; low: number | null; high: number | null; qualifier: string; subject: string | null }>;
}

/** One claim as the documented object, fields in the documented order. */
export function claimLineObject(claim: Claim): ClaimLine {
  return {
    speaker: claim.speaker,
    speakerStart: claim.speakerStart,
    speakerEnd: claim.speakerEnd,
    cue: claim.cue,
    cueStart: claim.cueStart,
    cueEnd: claim.cueEnd,
    text: claim.text,
    start: claim.start,
    end: claim.end,
    quantities: claim.quantities.map((q) => ({ value: q.value, low: q.low, high: q.high, qualifier: q.qualifier, subject: q.subject })),
  };
}

/** One claim as one JSONL line (no trailing newline): the JSON object `newsline claims FILE` prints. */
export function formatClaimLine(claim: Claim): string {
  return JSON.stringify(claimLineObject(claim));
}
