// Story clustering on the giveme5w1h news clusters (a stream sorted by publication time) and on
// the seeds. The goal is B-cubed F1 >= 0.95; this test guards the level reached (see the report).
import { describe, expect, it } from 'vitest';
import { clusterStream, type StreamResult } from '../../packages/dedupe/src/index.js';
import { loadGiveme, loadSeeds, type CorpusArticle } from './corpora.js';

export function bcubed(gold: Map<string, string>, pred: Map<string, string>): { precision: number; recall: number; f1: number } {
  const groups = (m: Map<string, string>) => {
    const g = new Map<string, Set<string>>();
    for (const [id, c] of m) g.set(c, (g.get(c) ?? new Set()).add(id));
    return g;
  };
  const G = groups(gold);
  const P = groups(pred);
  let p = 0;
  let r = 0;
  for (const [id, c] of gold) {
    const gs = G.get(c)!;
    const ps = P.get(pred.get(id) ?? `single:${id}`) ?? new Set([id]);
    let both = 0;
    for (const x of ps) if (gs.has(x)) both++;
    p += both / ps.size;
    r += both / gs.size;
  }
  p /= gold.size;
  r /= gold.size;
  return { precision: p, recall: r, f1: (2 * p * r) / (p + r) };
}

async function cluster(articles: CorpusArticle[]): Promise<StreamResult[]> {
  const out: StreamResult[] = [];
  const lines = articles.map(({ id, title, text, publishedAt }) => JSON.stringify({ id, title, text, publishedAt }));
  for await (const r of clusterStream(lines)) out.push(r);
  return out;
}

describe('story clustering', () => {
  it('giveme5w1h: B-cubed F1 >= 0.91 with the default configuration', async () => {
    const articles = loadGiveme();
    const out = await cluster(articles);
    expect(out).toHaveLength(articles.length);
    const gold = new Map(articles.map((a) => [a.id, a.event!]));
    const pred = new Map(out.map((r) => [r.id, String(r.storyId)]));
    const s = bcubed(gold, pred);
    expect(s.precision).toBeGreaterThan(0.93);
    expect(s.f1).toBeGreaterThanOrEqual(0.91);
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
