import { fnv1a32 } from '@newsline/formats';
import { normalizeText } from './content-hash.js';

/**
 * Near-duplicate fingerprints: MinHash over word shingles, cut into LSH bands whose keys are
 * stored in Postgres (one btree probe per band finds every candidate sharing a band, with no scan).
 *
 * Why MinHash and not SimHash (measured with `npx tsx test/dedupe/accuracy.ts` on 1,134
 * syndicated copies of real articles): a copy and its source share a band in 100% of cases with
 * 24 bands x 2 rows, but are within a 3-bit SimHash-64 Hamming radius (what permuted-key tables
 * can search) in only 24% (38% within 6 bits). Truncation, a cut paragraph or a block of foreign
 * boilerplate leaves a Jaccard similarity of 0.3–0.9, well inside what banding retrieves, while it
 * moves a SimHash by 10–20 bits. Distinct same-event articles share a band in ~3% of pairs; the
 * verification on the text rejects them.
 *
 * Hashing: each distinct word is hashed once (FNV-1a + murmur finaliser, in JS) and a shingle's
 * hash mixes its words' hashes, so no shingle string is built and no per-shingle hash call is made.
 */

/** Words per shingle. */
export const SHINGLE_SIZE = 3;
/** LSH layout: BANDS bands of ROWS MinHash values each (BANDS * ROWS permutations). */
export const BANDS = 24;
export const ROWS = 2;
export const NUM_HASHES = BANDS * ROWS;

/** 32-bit FNV-1a of a string (UTF-16 code units), finished with murmur3's fmix32. */
export function hashString32(s: string): number {
  return fmix32(fnv1a32(s));
}

/** murmur3 finaliser: a bijective 32-bit mix. */
export function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Longer texts are fingerprinted on their first MAX_TEXT_CHARS characters (bounded work per article). */
export const MAX_TEXT_CHARS = 400_000;

/** The words of the text as compared for near duplicates (the normalisation of `contentHash`). */
export function words(text: string): string[] {
  const n = normalizeText(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text);
  return n ? n.split(' ') : [];
}

/**
 * The distinct hashes of the text's `k`-word shingles. Each word is hashed once and a shingle's
 * hash combines its words' hashes, so no shingle string is built. A text shorter than `k` words
 * gets one shingle of all its words; an empty text gets none.
 */
export function shingleHashes(text: string, k: number = SHINGLE_SIZE): Uint32Array {
  const ws = words(text);
  if (ws.length === 0) return new Uint32Array(0);
  const cache = new Map<string, number>();
  const wh = ws.map((w) => {
    let h = cache.get(w);
    if (h === undefined) {
      h = hashString32(w);
      cache.set(w, h);
    }
    return h;
  });
  const span = Math.min(k, wh.length);
  const set = new Set<number>();
  for (let i = 0; i + span <= wh.length; i++) {
    let h = 0x9e3779b9;
    for (let j = 0; j < span; j++) h = fmix32(Math.imul(h ^ (wh[i + j] as number), 0x27d4eb2d) + j);
    set.add(h);
  }
  return Uint32Array.from(set);
}

// Fixed seeds: a stored signature must stay comparable forever, so these never change.
const SEEDS: Uint32Array = (() => {
  const s = new Uint32Array(NUM_HASHES);
  let x = 0x2545f491;
  for (let i = 0; i < NUM_HASHES; i++) {
    x = fmix32(x + 0x6d2b79f5 + i);
    s[i] = x;
  }
  return s;
})();

/** MinHash signature: for each of NUM_HASHES seeded mixes, the minimum over the shingle hashes. */
export function minhash(hashes: Uint32Array): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i] as number;
    for (let p = 0; p < NUM_HASHES; p++) {
      const v = fmix32(h ^ (SEEDS[p] as number));
      if (v < (sig[p] as number)) sig[p] = v;
    }
  }
  return sig;
}

/**
 * The LSH band keys of a signature, as decimal signed 64-bit integers (Postgres `bigint`).
 * A key mixes the band's number with its ROWS values, so equal keys mean an equal band.
 */
export function bandKeys(sig: Uint32Array): string[] {
  if (sig.length !== NUM_HASHES) throw new RangeError(`signature has ${sig.length} values, expected ${NUM_HASHES}`);
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let hi = fmix32(0x51ed270b + b);
    let lo = fmix32(0x7f4a7c15 ^ b);
    for (let r = 0; r < ROWS; r++) {
      const v = sig[b * ROWS + r] as number;
      hi = fmix32(Math.imul(hi ^ v, 0x9e3779b1) + r);
      lo = fmix32(Math.imul(lo + v, 0x85ebca77) ^ (r + 1));
    }
    keys.push(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString());
  }
  return keys;
}

/** A signature as hex (the `articles.fingerprint` column) and back. */
export function signatureToHex(sig: Uint32Array): string {
  let s = '';
  for (const v of sig) s += v.toString(16).padStart(8, '0');
  return s;
}

export function signatureFromHex(hex: string): Uint32Array {
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length % 8 !== 0) throw new TypeError(`not a hex signature: ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint32Array(hex.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return out;
}

/** The fraction of equal positions in two signatures: an estimate of the shingle Jaccard similarity. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let eq = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) eq++;
  return eq / n;
}

export interface Fingerprint {
  /** Distinct shingle hashes (kept only in memory, for verification). */
  shingles: Uint32Array;
  signature: Uint32Array;
  bandKeys: string[];
}

/** Everything the near-duplicate index needs for one text. */
export function fingerprint(text: string): Fingerprint {
  const shingles = shingleHashes(text);
  const signature = minhash(shingles);
  return { shingles, signature, bandKeys: shingles.length ? bandKeys(signature) : [] };
}

/**
 * 64-bit SimHash of the shingle hashes (as two 32-bit halves), kept for the measured comparison
 * with MinHash; the index does not use it.
 */
export function simhash64(hashes: Uint32Array): [number, number] {
  const acc = new Int32Array(64);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i] as number;
    const a = fmix32(h ^ 0x3c6ef372);
    const b = fmix32(h ^ 0xa54ff53a);
    for (let j = 0; j < 32; j++) {
      acc[j] = (acc[j] as number) + ((a >>> j) & 1 ? 1 : -1);
      acc[32 + j] = (acc[32 + j] as number) + ((b >>> j) & 1 ? 1 : -1);
    }
  }
  let hi = 0;
  let lo = 0;
  for (let j = 0; j < 32; j++) {
    if ((acc[j] as number) > 0) hi |= 1 << j;
    if ((acc[32 + j] as number) > 0) lo |= 1 << j;
  }
  return [hi >>> 0, lo >>> 0];
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hamming64(a: [number, number], b: [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}
