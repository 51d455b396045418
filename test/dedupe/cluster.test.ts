// Story clustering on the giveme5w1h news clusters (a stream sorted by publication time) and on
// the seeds. The goal is B-cubed F1 >= 0.95; this test guards the level reached (0.947 in time
// order, 0.929 reversed: see test/dedupe/cluster-eval.ts for the halves, shuffles and same-kind check).
import { describe, expect, it } from 'vitest';
import { clusterStream, type StreamResult } from '../../packages/dedupe/src/index.js';
import { bcubedScore as bcubed } from './bcubed.js';
import { loadGiveme, loadSeeds, type CorpusArticle } from './corpora.js';

async function cluster(articles: CorpusArticle[]): Promise<StreamResult[]> {
  const out: StreamResult[] = [];
  const lines = articles.map(({ id, title, text, publishedAt }) => JSON.stringify({ id, title, text, publishedAt }));
  for await (const r of clusterStream(lines)) out.push(r);
  return out;
}

describe('story clustering', () => {
  it('giveme5w1h: B-cubed F1 >= 0.94 with the default configuration, >= 0.925 read in reverse', async () => {
    const articles = loadGiveme();
    const gold = new Map(articles.map((a) => [a.id, a.event!]));
    const out = await cluster(articles);
    expect(out).toHaveLength(articles.length);
    const pred = new Map(out.map((r) => [r.id, String(r.storyId)]));
    const s = bcubed(gold, pred);
    expect(s.precision).toBeGreaterThan(0.95);
    expect(s.f1).toBeGreaterThanOrEqual(0.94);
    const reversed = bcubed(gold, new Map((await cluster([...articles].reverse())).map((r) => [r.id, String(r.storyId)])));
    expect(reversed.f1).toBeGreaterThanOrEqual(0.925);
    // Two North Korea stories of the same weeks (oil deliveries against sanctions; missiles over
    // Japan) stay apart: an article linking them weakly once merged them whole.
    const storiesOf = (event: RegExp) => new Set(articles.filter((a) => event.test(a.event!)).map((a) => pred.get(a.id)));
    const oil = storiesOf(/received_oil/);
    const missile = storiesOf(/hokkaido_missile/);
    expect([...oil].filter((x) => missile.has(x))).toEqual([]);
  });

  it('seeds: none is a duplicate; the Oct-Nov 2023 negotiation articles share one story', async () => {
    const seeds = loadSeeds().sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
    const out = await cluster(seeds);
    expect(out.every((r) => r.duplicateOf === null)).toBe(true);
    const autumn = out.filter((r) => seeds.find((s) => s.id === r.id)!.publishedAt! < '2023-12');
    expect(autumn).toHaveLength(3);
    expect(new Set(autumn.map((r) => r.storyId)).size).toBe(1);
  });
});
