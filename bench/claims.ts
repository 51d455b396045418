// `pnpm bench claims [--smoke]`: extractClaims + toEvents speed on the seed corpus and on PolNeAR texts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractClaims, loadAliases, toEvents } from '@newsline/claims';

interface Row { corpus: string; articles: number; chars: number; runs: number; claims: number; msPerArticle: number; articlesPerSec: number; p95Ms: number }

/** `rulesOnly`: without the learned cue and content models, to show their share of the time in the same run. */
function measure(corpus: string, docs: Array<{ text: string; publishedAt: string | null }>, runs: number, rulesOnly = false): Row {
  const aliases = loadAliases();
  const learned = rulesOnly ? { cueModel: null, contentModel: null } : {};
  // warm-up (JIT, the tagger's lexicon, the alias index)
  for (const d of docs.slice(0, 3)) toEvents(extractClaims(d.text, { publishedAt: d.publishedAt, aliases, ...learned }), { aliases });
  const times: number[] = [];
  let claims = 0;
  const t0 = performance.now();
  for (let r = 0; r < runs; r++) {
    for (const d of docs) {
      const s = performance.now();
      const cs = extractClaims(d.text, { publishedAt: d.publishedAt, aliases, ...learned });
      toEvents(cs, { publishedAt: d.publishedAt, aliases });
      times.push(performance.now() - s);
      if (r === 0) claims += cs.length;
    }
  }
  const total = performance.now() - t0;
  const n = docs.length * runs;
  times.sort((a, b) => a - b);
  return {
    corpus,
    articles: docs.length,
    chars: docs.reduce((a, d) => a + d.text.length, 0),
    runs,
    claims,
    msPerArticle: +(total / n).toFixed(2),
    articlesPerSec: +((n * 1000) / total).toFixed(1),
    p95Ms: +(times[Math.floor(times.length * 0.95)] ?? 0).toFixed(2),
  };
}

export async function main(args: string[]): Promise<void> {
  const smoke = args.includes('--smoke');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const seedDir = join(root, 'seeds');
  const manifest = JSON.parse(readFileSync(join(seedDir, 'manifest.json'), 'utf8')) as { articles: Array<{ file: string; publishedAt: string }> };
  const seeds = manifest.articles.map((a) => ({ text: readFileSync(join(seedDir, a.file), 'utf8'), publishedAt: a.publishedAt }));
  const rows: Row[] = [measure('seeds', seeds, smoke ? 2 : 20)];
  const polDir = join(root, '..', 'shared', 'corpora', 'attribution', 'polnear', 'dev', 'text');
  if (existsSync(polDir)) {
    const files = readdirSync(polDir).filter((f) => f.endsWith('.txt')).sort();
    const docs = files.slice(0, smoke ? 15 : files.length).map((f) => ({ text: readFileSync(join(polDir, f), 'utf8'), publishedAt: f.split('_')[1] ?? null }));
    rows.push(measure('polnear-dev', docs, smoke ? 1 : 3));
    rows.push(measure('(rules only)', docs, smoke ? 1 : 3, true));
  } else {
    console.log(`(PolNeAR texts not found at ${polDir}; measuring the seeds only)`);
  }
  console.log('corpus        articles  chars     runs  claims  ms/article  articles/s  p95 ms');
  for (const r of rows) {
    console.log(
      `${r.corpus.padEnd(13)} ${String(r.articles).padStart(8)}  ${String(r.chars).padStart(8)}  ${String(r.runs).padStart(4)}  ${String(r.claims).padStart(6)}  ${String(r.msPerArticle).padStart(10)}  ${String(r.articlesPerSec).padStart(10)}  ${String(r.p95Ms).padStart(6)}`,
    );
  }
  console.log(JSON.stringify({ bench: 'claims', smoke, rows }));
}
