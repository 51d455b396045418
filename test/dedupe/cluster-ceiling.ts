// The ceiling of the story features, measured offline (labels used to pick the threshold): every
// article's vector (the one the stream clusterer uses, IDF over the whole corpus) clustered by
// average-linkage agglomeration at several thresholds, with no time and no entity gate. If the best
// of these stays below the stream clusterer, the features, not the single pass, are what limits it.
//   npx tsx test/dedupe/cluster-ceiling.ts
import { DEFAULT_STORY_CONFIG, MemoryTermStats, articleVector, cosineIdf } from '../../packages/dedupe/src/index.js';
import { bcubedScore } from './bcubed.js';
import { loadGiveme } from './corpora.js';

const articles = loadGiveme();
const stats = new MemoryTermStats();
const vectors = articles.map((a) => articleVector(a, DEFAULT_STORY_CONFIG));
for (const v of vectors) stats.add(v);
const sim = vectors.map((a) => vectors.map((b) => cosineIdf(a, b, stats)));
const gold = new Map(articles.map((a) => [a.id, a.event!]));

console.log('threshold  clusters  B-cubed P  R      F1');
let best = { threshold: 0, f1: 0 };
for (const threshold of [0.08, 0.1, 0.12, 0.14, 0.16, 0.2]) {
  const clusters: number[][] = articles.map((_, i) => [i]);
  for (;;) {
    let top = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        let s = 0;
        for (const x of clusters[i]!) for (const y of clusters[j]!) s += sim[x]![y]!;
        s /= clusters[i]!.length * clusters[j]!.length;
        if (s > top) [top, bi, bj] = [s, i, j];
      }
    }
    if (top < threshold) break;
    clusters[bi] = [...clusters[bi]!, ...clusters[bj]!];
    clusters.splice(bj, 1);
  }
  const pred = new Map<string, string>();
  clusters.forEach((c, k) => c.forEach((i) => pred.set(articles[i]!.id, String(k))));
  const s = bcubedScore(gold, pred);
  if (s.f1 > best.f1) best = { threshold, f1: s.f1 };
  console.log(`${threshold.toFixed(2).padStart(9)}  ${String(clusters.length).padStart(8)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3)}  ${s.f1.toFixed(3)}`);
}
console.log(JSON.stringify({ measure: 'cluster-ceiling', articles: articles.length, bestThreshold: best.threshold, bestF1: +best.f1.toFixed(3) }));
