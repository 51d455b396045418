// Near-duplicate precision and recall on syndicated copies of real articles and on distinct
// same-event articles (see accuracy.ts; `npx tsx test/dedupe/accuracy.ts` prints the figures).
import { describe, expect, it } from 'vitest';
import { measureAccuracy } from './accuracy.js';
import { skipWithoutShared } from './corpora.js';

describe('near-duplicate accuracy', () => {
  it('finds syndicated copies and leaves distinct same-event articles alone (P, R >= 0.98)', (ctx) => {
    skipWithoutShared(ctx);
    const r = measureAccuracy();
    expect(r.copies).toBeGreaterThan(1000);
    expect(r.negativePairs).toBeGreaterThan(500);
    expect(r.precision).toBeGreaterThanOrEqual(0.98);
    expect(r.recall).toBeGreaterThanOrEqual(0.98);
    // The measured reason for MinHash: banding retrieves nearly every copy, a SimHash radius does not.
    expect(r.candidates.minhashBandHitCopies).toBeGreaterThan(r.candidates.simhashWithin3Copies);
  }, 180_000);
});
