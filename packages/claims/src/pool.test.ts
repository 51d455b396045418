// The claims pool gives exactly what the in-thread call gives, for real articles, many at once.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClaimsPool, extractClaims, loadAliases, toEvents, type ClaimsPool } from './index.js';

const SEEDS = new URL('../../../seeds/', import.meta.url);
let pool: ClaimsPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('claims pool', () => {
  it('extracts the seed articles in two threads, identically to the in-thread path', async () => {
    const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    const publishedAt = '2023-11-03T12:00:00.000Z';
    pool = createClaimsPool({ size: 2 });
    const texts = files.map((f) => readFileSync(new URL(f, SEEDS), 'utf8'));
    const got = await Promise.all(texts.map((text, i) => pool!.extract({ text, publishedAt }, files[i]!)));
    expect(pool.size).toBe(2);
    const aliases = loadAliases();
    texts.forEach((text, i) => {
      // The stage used to pass the Date itself: the ISO string must mean the same.
      const context = { publishedAt: new Date(publishedAt), aliases };
      const claims = extractClaims(text, context);
      expect(got[i]!.claims).toEqual(claims);
      expect(got[i]!.events).toEqual(toEvents(claims, context));
    });
    expect(got.reduce((n, r) => n + r.claims.length, 0)).toBeGreaterThan(0);
  });

  it('names the article when its text is not a string', async () => {
    pool = createClaimsPool({ size: 1 });
    await expect(pool.extract({ text: 42 as unknown as string, publishedAt: null }, 'article 7 (bad)')).rejects.toThrow(/article 7 \(bad\).*must be a string/);
  });
});
