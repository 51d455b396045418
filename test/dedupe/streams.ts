// The stream sets story clustering is measured on (cluster-sets.ts prints them; cluster.test.ts
// holds their floors): giveme5w1h read in time order, reversed, shuffled, on one day and undated;
// busy-day. Labels are read for scoring only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterStream, type StoryConfig } from '../../packages/dedupe/src/index.js';
import { bcubedScore } from './bcubed.js';
import { busyDayDir, loadGiveme, type CorpusArticle } from './corpora.js';
import { rng } from './syndicate.js';

export function shuffled<T>(xs: T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The articles on one day, `stepSeconds` apart in the given order (what the service sees). */
export function oneDay(xs: CorpusArticle[], stepSeconds = 30): CorpusArticle[] {
  const t0 = Date.parse('2024-06-01T06:00:00Z');
  return xs.map((a, i) => ({ ...a, publishedAt: new Date(t0 + i * stepSeconds * 1000).toISOString() }));
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

export interface StreamSet {
  articles: CorpusArticle[];
  gold: Map<string, string>;
}

export const SET_NAMES = ['time', 'reverse', 'shuffle1', 'shuffle2', 'shuffle3', 'oneday', 'undated', 'busy'] as const;
export type SetName = (typeof SET_NAMES)[number];

export function loadSet(name: SetName): StreamSet {
  if (name === 'busy') {
    return {
      articles: readJsonl<CorpusArticle>(join(busyDayDir, 'stream.jsonl')),
      gold: new Map(readJsonl<{ id: string; cluster: string }>(join(busyDayDir, 'labels.jsonl')).map((r) => [r.id, String(r.cluster)])),
    };
  }
  const giveme = loadGiveme();
  const gold = new Map(giveme.map((a) => [a.id, a.event!]));
  const orders: Record<Exclude<SetName, 'busy'>, () => CorpusArticle[]> = {
    time: () => giveme,
    reverse: () => [...giveme].reverse(),
    shuffle1: () => shuffled(giveme, 1),
    shuffle2: () => shuffled(giveme, 2),
    shuffle3: () => shuffled(giveme, 3),
    oneday: () => oneDay(shuffled(giveme, 7)),
    undated: () => shuffled(giveme, 8).map((a) => ({ ...a, publishedAt: null })),
  };
  return { articles: orders[name](), gold };
}

export interface SetScore {
  p: number;
  r: number;
  f1: number;
  stories: number;
  largest: number;
  largestGold: number;
}

/** Clusters a set through `clusterStream` (what `newsline cluster` runs) and scores it. */
export async function scoreSet(set: StreamSet, config?: StoryConfig): Promise<SetScore> {
  const lines = set.articles.map(({ id, title, text, publishedAt }) => JSON.stringify({ id, title, text, publishedAt }));
  const pred = new Map<string, string>();
  for await (const r of clusterStream(lines, config ? { config } : {})) pred.set(r.id, String(r.storyId));
  const s = bcubedScore(set.gold, pred);
  const largest = (m: Map<string, string>) => {
    const c = new Map<string, number>();
    for (const v of m.values()) c.set(v, (c.get(v) ?? 0) + 1);
    return Math.max(...c.values());
  };
  return { p: s.precision, r: s.recall, f1: s.f1, stories: new Set(pred.values()).size, largest: largest(pred), largestGold: largest(set.gold) };
}
