// `pnpm bench dedupe [--smoke] [--sizes 10000,100000,1000000] [--queries 400]`
// Time to check one article against the near-duplicate index (MinHash LSH band keys in Postgres)
// holding 10k, 100k and 1M fingerprints. The index is filled with synthetic band keys (random
// 64-bit values, BANDS per article) in a database created for the run and dropped after. A check
// is what dedupeArticle does before verification: the article's fingerprint (MinHash, band keys)
// and the band probe; half the probes hit a stored article, half miss.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, NearDuplicatesRepository } from '@newsline/db';
import { BANDS, fingerprint } from '../packages/dedupe/src/index.js';

const BASE = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const SAMPLE_TEXT =
  'Negotiators met in Doha on Thursday to discuss a ceasefire and the release of hostages held in Gaza, officials said. ' +
  'The talks, mediated by Qatar and Egypt, are expected to continue through the weekend, according to two people briefed on them. ' +
  'Israeli and Hamas delegations did not meet directly but exchanged proposals through the mediators, who shuttled between rooms. ';

export async function main(args: string[]): Promise<void> {
  const smoke = args.includes('--smoke');
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sizes = (arg('--sizes') ?? (smoke ? '10000' : '10000,100000,1000000')).split(',').map(Number);
  const queries = Number(arg('--queries') ?? (smoke ? 200 : 1000));
  const u = new URL(BASE);
  u.pathname = `/nl_bench_dedupe_${randomBytes(4).toString('hex')}`;
  const url = u.toString();
  await ensureDatabase(url);
  const db = createDb(url, { max: 2 });
  const rows: { size: number; fillSeconds: number; probeMedianMs: number; probeP99Ms: number; checkMedianMs: number; checkP99Ms: number; candidatesMean: number }[] = [];
  try {
    await migrateToLatest(db);
    // Texts to fingerprint (varied so MinHash works on real-sized input).
    const texts = Array.from({ length: 50 }, (_, i) => `${SAMPLE_TEXT.repeat(3)} Report number ${i} from desk ${i * 7}.`);
    let filled = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      // Articles rows are needed for the foreign key; the fill goes straight through SQL for speed.
      await sql`alter table near_dup_bands drop constraint if exists near_dup_bands_article_id_fkey`.execute(db);
      await sql`insert into articles (id, source_key) overriding system value
        select g, 'bench:' || g from generate_series(${filled + 1}::bigint, ${size}::bigint) g`.execute(db);
      await sql`insert into near_dup_bands (band_key, article_id)
        select ((random() - 0.5) * 1.8e19)::bigint, g
        from generate_series(${filled + 1}::bigint, ${size}::bigint) g, generate_series(1, ${BANDS}) b
        on conflict do nothing`.execute(db);
      await sql`vacuum analyze near_dup_bands`.execute(db);
      filled = size;
      const fillSeconds = (performance.now() - t0) / 1000;
      // Stored keys to hit.
      const ids = Array.from({ length: queries }, () => 1 + Math.floor(Math.random() * size));
      const hits = (await sql<{ band_key: string }>`select distinct on (article_id) band_key::text as band_key from near_dup_bands where article_id = any(${ids}::bigint[])`.execute(db)).rows.map((r) => r.band_key);
      const repo = new NearDuplicatesRepository(db);
      const probe: number[] = [];
      const check: number[] = [];
      let candidates = 0;
      // Warm-up.
      for (let i = 0; i < 20; i++) await repo.bandCandidates(fingerprint(texts[i % texts.length]!).bandKeys, -1);
      for (let q = 0; q < queries; q++) {
        const c0 = performance.now();
        const fp = fingerprint(texts[q % texts.length]!);
        const keys = [...fp.bandKeys];
        if (q % 2 === 0 && hits.length) keys[0] = hits[q % hits.length]!;
        const p0 = performance.now();
        const found = await repo.bandCandidates(keys, -1);
        const end = performance.now();
        candidates += found.length;
        probe.push(end - p0);
        check.push(end - c0);
      }
      probe.sort((a, b) => a - b);
      check.sort((a, b) => a - b);
      rows.push({
        size,
        fillSeconds: +fillSeconds.toFixed(1),
        probeMedianMs: +quantile(probe, 0.5).toFixed(3),
        probeP99Ms: +quantile(probe, 0.99).toFixed(3),
        checkMedianMs: +quantile(check, 0.5).toFixed(3),
        checkP99Ms: +quantile(check, 0.99).toFixed(3),
        candidatesMean: +(candidates / queries).toFixed(2),
      });
    }
  } finally {
    await db.destroy();
    await dropDatabase(url);
  }
  console.log(`near-duplicate index check (${BANDS} band keys per article; ${queries} checks per size; Postgres on ${new URL(BASE).host})`);
  console.log('fingerprints   fill s   probe median ms   probe p99 ms   check median ms   check p99 ms   candidates');
  for (const r of rows) {
    console.log(
      `${String(r.size).padStart(12)} ${String(r.fillSeconds).padStart(8)} ${String(r.probeMedianMs).padStart(17)} ${String(r.probeP99Ms).padStart(14)} ${String(r.checkMedianMs).padStart(17)} ${String(r.checkP99Ms).padStart(14)} ${String(r.candidatesMean).padStart(12)}`,
    );
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const ratio = first && last ? +(last.checkP99Ms / first.checkP99Ms).toFixed(2) : null;
  console.log(JSON.stringify({ bench: 'dedupe', smoke, bands: BANDS, queries, results: rows, p99RatioLargestToSmallest: ratio }));
}
