// Story clustering measured on every stream set with one configuration (labels read for scoring only):
//   npx tsx test/dedupe/cluster-sets.ts [--config '{"...":...}'] [--only busy,time,oneday,...] [--json]
// Sets: giveme5w1h in time order, reversed, three shuffles, and on one day (dates replaced by one
// day, 30 s apart, shuffled); busy-day (../shared/corpora/clusters/busy-day). For each: B-cubed
// P / R / F1, the number of stories, the largest story and the largest gold event.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterStream, DEFAULT_STORY_CONFIG, type StoryConfig } from '../../packages/dedupe/src/index.js';
import { bcubedScore } from './bcubed.js';
import { busyDayDir, loadGiveme, type CorpusArticle } from './corpora.js';
import { rng } from './syndicate.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cfg: StoryConfig = { ...DEFAULT_STORY_CONFIG, ...(JSON.parse(opt('--config') ?? '{}') as Partial<StoryConfig>) };
const only = opt('--only')?.split(',');

export function shuffled<T>(xs: T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The articles on one day, `stepSeconds` apart in the given order (the service's view of a day). */
export function oneDay(xs: CorpusArticle[], stepSeconds = 30): CorpusArticle[] {
  const t0 = Date.parse('2024-06-01T06:00:00Z');
  return xs.map((a, i) => ({ ...a, publishedAt: new Date(t0 + i * stepSeconds * 1000).toISOString() }));
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

async function run(articles: CorpusArticle[]): Promise<Map<string, string>> {
  const lines = articles.map(({ id, title, text, publishedAt }) => JSON.stringify({ id, title, text, publishedAt }));
  const pred = new Map<string, string>();
  for await (const r of clusterStream(lines, { config: cfg })) pred.set(r.id, String(r.storyId));
  return pred;
}

const sets: [string, () => { articles: CorpusArticle[]; gold: Map<string, string> }][] = [];
const giveme = loadGiveme();
const givemeGold = new Map(giveme.map((a) => [a.id, a.event!]));
const g = (articles: CorpusArticle[]) => ({ articles, gold: givemeGold });
sets.push(['time', () => g(giveme)]);
sets.push(['reverse', () => g([...giveme].reverse())]);
for (const seed of [1, 2, 3]) sets.push([`shuffle${seed}`, () => g(shuffled(giveme, seed))]);
sets.push(['oneday', () => g(oneDay(shuffled(giveme, 7)))]);
sets.push(['undated', () => g(shuffled(giveme, 8).map((a) => ({ ...a, publishedAt: null })))]);
if (existsSync(busyDayDir)) {
  sets.push([
    'busy',
    () => ({
      articles: readJsonl<CorpusArticle>(join(busyDayDir, 'stream.jsonl')),
      gold: new Map(readJsonl<{ id: string; cluster: string }>(join(busyDayDir, 'labels.jsonl')).map((r) => [r.id, String(r.cluster)])),
    }),
  ]);
}

const fmt = (x: number) => x.toFixed(3);
const results: Record<string, { p: number; r: number; f1: number; stories: number; largest: number; largestGold: number; seconds: number }> = {};
for (const [name, make] of sets) {
  if (only && !only.includes(name)) continue;
  const { articles, gold } = make();
  const t0 = performance.now();
  const pred = await run(articles);
  const seconds = (performance.now() - t0) / 1000;
  const s = bcubedScore(gold, pred);
  const size = (m: Map<string, string>) => {
    const c = new Map<string, number>();
    for (const v of m.values()) c.set(v, (c.get(v) ?? 0) + 1);
    return Math.max(...c.values());
  };
  results[name] = { p: s.precision, r: s.recall, f1: s.f1, stories: new Set(pred.values()).size, largest: size(pred), largestGold: size(gold), seconds };
  console.log(
    `${name.padEnd(9)} P=${fmt(s.precision)} R=${fmt(s.recall)} F1=${fmt(s.f1)} stories=${results[name].stories} largest=${results[name].largest} (gold ${results[name].largestGold}) ${seconds.toFixed(1)}s`,
  );
}
if (args.includes('--json')) console.log(JSON.stringify(results));
