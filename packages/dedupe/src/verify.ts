import { shingleHashes } from './fingerprint.js';

/**
 * The verification of a near-duplicate candidate on the texts themselves (exact shingle sets, not
 * the MinHash estimate). A copy is a duplicate when most of the shorter text's shingles are in
 * the longer one (containment: survives truncation, a cut paragraph, added boilerplate) and the
 * shorter text is not a mere excerpt of the longer one (length ratio). Two articles on one event
 * written separately share a few quotes, far below either bar.
 */
export const MIN_CONTAINMENT = 0.7;
export const MIN_LENGTH_RATIO = 0.3;

export interface Overlap {
  /** Shared shingles / shingles of the smaller set. */
  containment: number;
  /** Shared shingles / union. */
  jaccard: number;
  /** Smaller set size / larger set size. */
  lengthRatio: number;
}

export function overlap(a: Uint32Array, b: Uint32Array): Overlap {
  if (a.length === 0 || b.length === 0) return { containment: 0, jaccard: 0, lengthRatio: 0 };
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const set = new Set<number>(large);
  let shared = 0;
  for (const h of small) if (set.has(h)) shared++;
  return {
    containment: shared / small.length,
    jaccard: shared / (a.length + b.length - shared),
    lengthRatio: small.length / large.length,
  };
}

export function isNearDuplicate(o: Overlap): boolean {
  return o.containment >= MIN_CONTAINMENT && o.lengthRatio >= MIN_LENGTH_RATIO;
}

/** Verifies two texts; `a`/`b` may be given as precomputed shingle hashes. */
export function verifyNearDuplicate(a: string | Uint32Array, b: string | Uint32Array): { duplicate: boolean } & Overlap {
  const o = overlap(typeof a === 'string' ? shingleHashes(a) : a, typeof b === 'string' ? shingleHashes(b) : b);
  return { duplicate: isNearDuplicate(o), ...o };
}
