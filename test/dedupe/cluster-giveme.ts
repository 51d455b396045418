// Clusters the giveme5w1h corpus as a stream and writes out/giveme.jsonl (input) and
// out/stories.jsonl (output), for eval/cluster-score.mjs:
//   npx tsx test/dedupe/cluster-giveme.ts && node ../shared/eval/cluster-score.mjs --pred out/stories.jsonl --gold ../shared/corpora/clusters/giveme5w1h/labels.jsonl
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterStream } from '../../packages/dedupe/src/index.js';
import { loadGiveme, repoRoot } from './corpora.js';

const out = join(repoRoot, 'out');
mkdirSync(out, { recursive: true });
const lines = loadGiveme().map(({ id, title, text, publishedAt }) => JSON.stringify({ id, title, text, publishedAt }));
writeFileSync(join(out, 'giveme.jsonl'), lines.join('\n') + '\n');
const results: string[] = [];
for await (const r of clusterStream(lines)) results.push(JSON.stringify(r));
writeFileSync(join(out, 'stories.jsonl'), results.join('\n') + '\n');
console.log(`${results.length} articles -> out/stories.jsonl`);
