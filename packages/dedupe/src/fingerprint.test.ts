import { describe, expect, it } from 'vitest';
import { contentHash, normalizeText } from './content-hash.js';
import {
  BANDS,
  NUM_HASHES,
  bandKeys,
  estimatedJaccard,
  fingerprint,
  hamming64,
  minhash,
  shingleHashes,
  signatureFromHex,
  signatureToHex,
  simhash64,
} from './fingerprint.js';
import { overlap, verifyNearDuplicate } from './verify.js';

const A =
  'The city council voted on Tuesday to approve a new budget that raises spending on public transport by twelve percent, ' +
  'while cutting the road maintenance programme. The mayor said the decision reflected what residents had asked for during ' +
  'months of consultation, and opposition members said they would challenge several of the line items in court next month.';
const B =
  'A magnitude 6.1 earthquake struck off the northern coast early on Sunday, shaking buildings in the regional capital and ' +
  'sending residents into the streets. No damage was reported immediately, the geological survey said, and no tsunami warning was issued.';

describe('content hash', () => {
  it('ignores case, spacing, punctuation and quote style', () => {
    expect(contentHash('He said: “Hello,   World!”')).toBe(contentHash('he said "hello world"'));
    expect(contentHash('one text')).not.toBe(contentHash('another text'));
    expect(normalizeText('  Ünïcode—dash  ')).toBe('ünïcode dash');
  });
});

describe('fingerprint', () => {
  it('shingles: distinct hashes, none for an empty text, one for a short one', () => {
    expect(shingleHashes('')).toHaveLength(0);
    expect(shingleHashes('hello')).toHaveLength(1);
    expect(shingleHashes('a b c a b c a b c').length).toBe(3);
  });

  it('signature and band keys are deterministic and sized', () => {
    const f = fingerprint(A);
    expect(f.signature).toHaveLength(NUM_HASHES);
    expect(f.bandKeys).toHaveLength(BANDS);
    expect(fingerprint(A).bandKeys).toEqual(f.bandKeys);
    for (const k of f.bandKeys) expect(BigInt(k) >= -(2n ** 63n) && BigInt(k) < 2n ** 63n).toBe(true);
    expect(signatureFromHex(signatureToHex(f.signature))).toEqual(f.signature);
    expect(() => signatureFromHex('xyz')).toThrow(/xyz/);
    expect(() => bandKeys(new Uint32Array(3))).toThrow(/3 values/);
  });

  it('MinHash estimates Jaccard: near copies close, unrelated texts far', () => {
    const copy = fingerprint(A.replace('Tuesday', 'Wednesday') + ' Copyright 2024. All rights reserved.');
    const a = fingerprint(A);
    const b = fingerprint(B);
    expect(estimatedJaccard(a.signature, copy.signature)).toBeGreaterThan(0.5);
    expect(estimatedJaccard(a.signature, b.signature)).toBeLessThan(0.1);
    expect(a.bandKeys.some((k) => copy.bandKeys.includes(k))).toBe(true);
    expect(a.bandKeys.some((k) => b.bandKeys.includes(k))).toBe(false);
    expect(estimatedJaccard(minhash(a.shingles), a.signature)).toBe(1);
  });

  it('SimHash distance grows with the edit (kept for the measured comparison)', () => {
    const a = simhash64(shingleHashes(A));
    expect(hamming64(a, a)).toBe(0);
    expect(hamming64(a, simhash64(shingleHashes(B)))).toBeGreaterThan(16);
  });
});

describe('verification', () => {
  it('accepts a truncated copy and a copy with boilerplate, rejects an excerpt and another text', () => {
    const truncated = A.split('. ').slice(0, 2).join('. ');
    expect(verifyNearDuplicate(A, truncated).duplicate).toBe(true);
    expect(verifyNearDuplicate(A, 'Advertisement. ' + A + ' Sign up for our newsletter.').duplicate).toBe(true);
    expect(verifyNearDuplicate(A, B).duplicate).toBe(false);
    expect(verifyNearDuplicate(A + ' ' + B + ' ' + B.toUpperCase() + ' ' + A.split(' ').reverse().join(' '), A.slice(0, 60)).duplicate).toBe(false);
  });

  it('overlap of empty sets is zero', () => {
    expect(overlap(new Uint32Array(0), shingleHashes(A))).toEqual({ containment: 0, jaccard: 0, lengthRatio: 0 });
  });
});
