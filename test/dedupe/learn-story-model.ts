// Learns the story decision (packages/dedupe/src/story-model.ts) offline, on one half of the data,
// and scores it on the other half. Labels are read here only; the clusterer never sees them.
//   npx tsx test/dedupe/learn-story-model.ts            learn, write story-model.ts, print held-out scores
//   npx tsx test/dedupe/learn-story-model.ts --check    print the scores of the shipped model only
//
// Split rule (by event, never by article): a giveme5w1h event is for learning when the FNV-1a hash
// of its event name is even, held out when odd; a WCXB page (an unrelated article, its own story)
// likewise by the hash of its id. Training streams, built from the learning half only: giveme5w1h
// in time order, shuffled with its dates, shuffled without dates, and shuffled with the WCXB pages
// on one day (the busy-day recipe). On them, stories are built by the gold (each article joins its
// event's story) and every (article, candidate story) pair the store retrieves gives one row: the
// features of `storyFeatures` and whether the story is the article's event. A logistic regression
// (L2, standardised features) is fitted to the rows; then the join and merge probabilities are
// chosen by clustering the training streams with the model (mean B-cubed F1). The held-out half is
// scored with the same four stream kinds.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_STORY_CONFIG,
  MemoryStoryStore,
  addToStory,
  candidateStories,
  decide,
  newStory,
  storyFeatures,
  STORY_FEATURES,
  STORY_MODEL,
  type StoryConfig,
  type StoryModel,
} from '../../packages/dedupe/src/index.js';
import { busyDayDir, loadGiveme, repoRoot, sharedCorpusMissing, type CorpusArticle } from './corpora.js';
import { oneDay, scoreSet, shuffled, type StreamSet } from './streams.js';

const missing = sharedCorpusMissing();
if (missing) throw new Error(`learn-story-model: ${missing}`);
const checkOnly = process.argv.includes('--check');

/** FNV-1a, 32 bits. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
const heldOut = (key: string) => fnv1a(key) % 2 === 1;

const giveme = loadGiveme();
const wcxb = readFileSync(join(busyDayDir, 'stream.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as CorpusArticle)
  .filter((a) => a.id.startsWith('wcxb-'))
  .sort((a, b) => a.id.localeCompare(b.id));

function streams(half: 'learn' | 'held-out'): [string, StreamSet][] {
  const want = half === 'held-out';
  const g = giveme.filter((a) => heldOut(a.event!) === want);
  const w = wcxb.filter((a) => heldOut(a.id) === want);
  const gold = new Map<string, string>([...g.map((a) => [a.id, a.event!] as const), ...w.map((a) => [a.id, a.id] as const)]);
  const seed = want ? 100 : 0;
  return [
    ['time', { articles: g, gold }],
    ['shuffled', { articles: shuffled(g, seed + 1), gold }],
    ['undated', { articles: shuffled(g, seed + 2).map((a) => ({ ...a, publishedAt: null })), gold }],
    ['busy', { articles: oneDay(shuffled([...g, ...w], seed + 3)), gold }],
  ];
}

/**
 * One row per (article, candidate story) pair, the label being whether the story's events (most of
 * its articles) is the article's. Without `policy` the stories follow the gold (each article joins
 * its event's story); with it they are the ones that decision builds (so that the model also
 * learns from the imperfect stories it will meet).
 */
async function rows(set: StreamSet, cfg: StoryConfig, policy?: StoryConfig): Promise<{ x: number[]; y: number }[]> {
  const store = new MemoryStoryStore();
  const storyOfEvent = new Map<string, number>();
  const eventOfStory = new Map<number, string>();
  /** With a policy: story -> event -> articles. */
  const counts = new Map<number, Map<string, number>>();
  const major = (id: number) => [...(counts.get(id) ?? new Map<string, number>())].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
  const out: { x: number[]; y: number }[] = [];
  let latest = Number.NaN;
  for (const a of set.articles) {
    let time = a.publishedAt ? Date.parse(a.publishedAt) : Number.NaN;
    if (Number.isNaN(time)) time = Number.isNaN(latest) ? 0 : latest;
    if (Number.isNaN(latest) || time > latest) latest = time;
    const ev = set.gold.get(a.id)!;
    const c = await candidateStories(store, { title: a.title, text: a.text, time }, cfg);
    for (const s of c.stories) out.push({ x: storyFeatures(c.article, s, c.stats, cfg), y: (policy ? major(s.id) : eventOfStory.get(s.id)) === ev ? 1 : 0 });
    const member = { ...c.article, title: a.title };
    if (policy) {
      const d = decide(c.article, c.stories, c.stats, policy);
      let id: number;
      if (d.join === null) id = await store.create(newStory(0, member, cfg));
      else {
        const s = store.story(d.join)!;
        addToStory(s, member, c.stats, cfg);
        await store.save(s);
        id = s.id;
      }
      const m = counts.get(id) ?? new Map<string, number>();
      counts.set(id, m.set(ev, (m.get(ev) ?? 0) + 1));
      await store.addKeys(id, c.keys);
      continue;
    }
    let id = storyOfEvent.get(ev);
    if (id === undefined) {
      id = await store.create(newStory(0, member, cfg));
      storyOfEvent.set(ev, id);
      eventOfStory.set(id, ev);
    } else {
      const s = store.story(id)!;
      addToStory(s, member, c.stats, cfg);
      await store.save(s);
    }
    await store.addKeys(id, c.keys);
  }
  return out;
}

/** Logistic regression on standardised features, L2-regularised, by full-batch gradient descent (Adam). */
function fit(data: { x: number[]; y: number }[], l2 = 1e-3, iters = 3000): Pick<StoryModel, 'mean' | 'scale' | 'weights' | 'bias'> {
  const d = data[0]!.x.length;
  const n = data.length;
  const mean = Array.from({ length: d }, (_, j) => data.reduce((s, r) => s + r.x[j]!, 0) / n);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(data.reduce((s, r) => s + (r.x[j]! - mean[j]!) ** 2, 0) / n) || 1);
  const X = data.map((r) => r.x.map((v, j) => (v - mean[j]!) / scale[j]!));
  const w = new Array<number>(d + 1).fill(0);
  const m = new Array<number>(d + 1).fill(0);
  const v = new Array<number>(d + 1).fill(0);
  const lr = 0.05;
  for (let it = 1; it <= iters; it++) {
    const g = new Array<number>(d + 1).fill(0);
    for (let i = 0; i < n; i++) {
      const xi = X[i]!;
      let z = w[d]!;
      for (let j = 0; j < d; j++) z += w[j]! * xi[j]!;
      const e = 1 / (1 + Math.exp(-z)) - data[i]!.y;
      for (let j = 0; j < d; j++) g[j]! += (e * xi[j]!) / n;
      g[d]! += e / n;
    }
    for (let j = 0; j < d; j++) g[j]! += l2 * w[j]!;
    for (let j = 0; j <= d; j++) {
      m[j] = 0.9 * m[j]! + 0.1 * g[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * g[j]! ** 2;
      w[j]! -= (lr * (m[j]! / (1 - 0.9 ** it))) / (Math.sqrt(v[j]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return { mean: mean.map(r6), scale: scale.map(r6), weights: w.slice(0, d).map(r6), bias: r6(w[d]!) };
}

const fmt = (x: number) => x.toFixed(3);
async function scoreAll(sets: [string, StreamSet][], cfg: StoryConfig): Promise<{ line: string; mean: number }> {
  const parts: string[] = [];
  let sum = 0;
  for (const [name, set] of sets) {
    const s = await scoreSet(set, cfg);
    sum += s.f1;
    parts.push(`${name} ${fmt(s.p)}/${fmt(s.r)}/${fmt(s.f1)} (largest ${s.largest}, gold ${s.largestGold})`);
  }
  return { line: parts.join('  '), mean: sum / sets.length };
}

const learnSets = streams('learn');
const heldSets = streams('held-out');
let model: StoryModel | null = STORY_MODEL;
if (!checkOnly) {
  const base: StoryConfig = { ...DEFAULT_STORY_CONFIG, model: null };
  const data: { x: number[]; y: number }[] = [];
  for (const [, set] of learnSets) data.push(...(await rows(set, base)));
  console.error(`gold-built stories: rows ${data.length}, positive ${data.filter((r) => r.y).length}`);
  // One round of learning on the stories the first model builds itself (merges off while it builds them).
  const first: StoryModel = { features: STORY_FEATURES, ...fit(data), joinProbability: 0.5, mergeProbability: 1.01 };
  for (const [, set] of learnSets) data.push(...(await rows(set, base, { ...base, model: first })));
  console.error(`with the stories of a first model: rows ${data.length}, positive ${data.filter((r) => r.y).length}`);
  const fitted = fit(data);
  let best: { f1: number; join: number; merge: number } = { f1: -1, join: 0.5, merge: 1 };
  for (const join of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    for (const merge of [0.9, 0.97, 1.01]) {
      const cand: StoryModel = { features: STORY_FEATURES, ...fitted, joinProbability: join, mergeProbability: merge };
      const { mean, line } = await scoreAll(learnSets, { ...base, model: cand });
      console.error(`join ${join} merge ${merge}: mean F1 ${fmt(mean)}  ${line}`);
      if (mean > best.f1) best = { f1: mean, join, merge };
    }
  }
  model = { features: STORY_FEATURES, ...fitted, joinProbability: best.join, mergeProbability: best.merge };
  const file = join(repoRoot, 'packages/dedupe/src/story-model.ts');
  writeFileSync(
    file,
    `// Generated by \`npx tsx test/dedupe/learn-story-model.ts\` (the split rule and the training streams are
// described there): the learned story decision, a logistic regression over STORY_FEATURES. Do not edit by hand.
import type { StoryModel } from './story.js';

export const STORY_MODEL: StoryModel = ${JSON.stringify(model, null, 2).replace(/"(\w+)":/g, '$1:')};
`,
  );
  console.log(`wrote ${file}: learning-half mean F1 ${fmt(best.f1)} at join ${best.join}, merge ${best.merge}`);
}
if (!model) throw new Error('no model shipped: run without --check first');
const withModel = { ...DEFAULT_STORY_CONFIG, model };
console.log(`learning half:  ${(await scoreAll(learnSets, withModel)).line}`);
console.log(`held-out half:  ${(await scoreAll(heldSets, withModel)).line}`);
console.log(`rule, held-out: ${(await scoreAll(heldSets, { ...DEFAULT_STORY_CONFIG, model: null })).line}`);
