// Error analysis (labels used): for each article of the time-ordered stream, similarity features
// against the "oracle" story of each earlier gold event (all its earlier articles), to see how well
// the features separate the right event from the others. Prints TSV rows: one per article.
//   npx tsx test/dedupe/cluster-oracle.ts > /tmp/oracle.tsv
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STORY_CONFIG, MemoryTermStats, articleVector, contentTerms, cosineIdf, entityPart, type SparseVector } from '../../packages/dedupe/src/index.js';
import { givemeDir, loadGiveme } from './corpora.js';

const labels = new Map(
  readFileSync(join(givemeDir, 'labels.jsonl'), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; cluster: number }).map((r) => [r.id, r.cluster]),
);
const DAY = 86_400_000;
const cfg = DEFAULT_STORY_CONFIG;
const stats = new MemoryTermStats(cfg.idfPriorDocs);
function norm(counts: Map<string, number>): SparseVector {
  const v: SparseVector = new Map();
  let n = 0;
  for (const [t, c] of counts) { const w = 1 + Math.log(c); v.set(t, w); n += w * w; }
  n = Math.sqrt(n) || 1;
  for (const [t, w] of v) v.set(t, w / n);
  return v;
}
const titleVec = (t: string) => { const c = new Map<string, number>(); for (const x of contentTerms(t)) c.set(x, (c.get(x) ?? 0) + 1); return norm(c); };
interface M { v: SparseVector; tv: SparseVector; time: number; title: string }
const events = new Map<number, M[]>();
const rows: string[] = ['id\tgold\tisNew\tfeature\tright\tbestWrong\twrongGold\ttitle'];
for (const a of loadGiveme()) {
  const time = Date.parse(a.publishedAt ?? '') || 0;
  const v = articleVector(a, cfg);
  stats.add(v);
  const tv = titleVec(a.title);
  const g = labels.get(a.id)!;
  const feats = (ms: M[]) => {
    const c: SparseVector = new Map();
    for (const m of ms) for (const [t, x] of m.v) c.set(t, (c.get(t) ?? 0) + x);
    const sims = ms.map((m) => cosineIdf(v, m.v, stats)).sort((x, y) => y - x);
    const tsims = ms.map((m) => cosineIdf(tv, m.tv, stats)).sort((x, y) => y - x);
    const gap = Math.min(...ms.map((m) => Math.abs(time - m.time))) / DAY;
    return {
      cent: cosineIdf(v, c, stats),
      top1: sims[0]!,
      top3: sims.slice(0, 3).reduce((s, x) => s + x, 0) / Math.min(3, sims.length),
      title: tsims[0]!,
      ent: cosineIdf(entityPart(v), entityPart(c), stats),
      gap,
    };
  };
  const right = events.has(g) ? feats(events.get(g)!) : null;
  const wrong = [...events].filter(([k]) => k !== g).map(([k, ms]) => ({ k, f: feats(ms) }));
  for (const name of ['cent', 'top1', 'top3', 'title', 'ent', 'gap'] as const) {
    const bw = wrong.sort((x, y) => y.f[name] - x.f[name])[0];
    rows.push([a.id.slice(0, 8), g, right ? 0 : 1, name, right ? right[name].toFixed(3) : '', bw ? bw.f[name].toFixed(3) : '', bw?.k ?? '', a.title.slice(0, 60)].join('\t'));
  }
  // The full wrong candidate on the centroid feature, all features (for joint analysis).
  const bw = wrong.sort((x, y) => y.f.cent - x.f.cent)[0];
  rows.push([a.id.slice(0, 8), g, right ? 0 : 1, 'joint', right ? JSON.stringify(right) : '', bw ? JSON.stringify(bw.f) : '', bw?.k ?? '', a.title.slice(0, 60)].join('\t'));
  (events.get(g) ?? events.set(g, []).get(g)!).push({ v, tv, time, title: a.title });
}
console.log(rows.join('\n'));
