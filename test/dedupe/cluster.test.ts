// Story clustering floors on the shared stream sets (../shared; skipped LOUDLY without it, see
// corpora.ts) and on the seeds (in the repository). The figures and their command:
//   npx tsx test/dedupe/cluster-sets.ts
import { describe, expect, it } from 'vitest';
import { clusterStream, type StreamResult } from '../../packages/dedupe/src/index.js';
import { loadSeeds, skipWithoutShared, type CorpusArticle } from './corpora.js';
import { loadSet, scoreSet, type SetName } from './streams.js';

async function cluster(articles: CorpusArticle[]): Promise<StreamResult[]> {
  const out: StreamResult[] = [];
  const lines = articles.map(({ id, title, text, publishedAt }) => JSON.stringify({ id, title, text, publishedAt }));
  for await (const r of clusterStream(lines)) out.push(r);
  return out;
}

/** Floors of B-cubed F1 with the default configuration (a little under the measured figures). */
const FLOORS: [SetName, number][] = [
  ['busy', 0.94],
  ['time', 0.91],
  ['oneday', 0.9],
  ['shuffle1', 0.91],
];

describe('story clustering on the shared stream sets', () => {
  for (const [name, floor] of FLOORS) {
    it(`${name}: B-cubed F1 >= ${floor}, no story larger than twice the largest real event`, async (ctx) => {
      skipWithoutShared(ctx);
      const s = await scoreSet(loadSet(name));
      expect(s.f1).toBeGreaterThanOrEqual(floor);
      expect(s.largest).toBeLessThanOrEqual(2 * s.largestGold);
    }, 300_000);
  }
});

describe('story clustering on the seeds', () => {
  it('none is a duplicate; the Oct-Nov 2023 negotiation articles share one story', async () => {
    const seeds = loadSeeds().sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
    const out = await cluster(seeds);
    expect(out.every((r) => r.duplicateOf === null)).toBe(true);
    const autumn = out.filter((r) => seeds.find((s) => s.id === r.id)!.publishedAt! < '2023-12');
    expect(autumn).toHaveLength(3);
    expect(new Set(autumn.map((r) => r.storyId)).size).toBe(1);
  });
});
