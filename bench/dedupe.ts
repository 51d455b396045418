// `pnpm bench dedupe [--smoke] [--sizes 10000,100000,1000000] [--queries 400]`
// Time to check one article against the near-duplicate index (MinHash LSH band keys in Postgres)
// holding 10k, 100k and 1M fingerprints. The index is filled with synthetic band keys (random
// 64-bit values, BANDS per article; no articles rows, the foreign key is dropped) in a database
// created for the run and dropped after. A check
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
  const rows: { size: number; fillSeconds: number; probeMedianMs: number; probeP99Ms: number; checkMedianMs: number; checkP99Ms: number; candidatesMean: number; serverMedianMs: number; serverP99Ms: number }[] = [];
  try {
    await migrateToLatest(db);
    // Texts to fingerprint (varied so MinHash works on real-sized input).
    const texts = Array.from({ length: 50 }, (_, i) => `${SAMPLE_TEXT.repeat(3)} Report number ${i} from desk ${i * 7}.`);
    let filled = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      // Bulk load: no indexes or foreign key while inserting, then the same indexes the
      // migration creates, built in one sorted pass.
      await sql`alter table near_dup_bands drop constraint if exists near_dup_bands_article_id_fkey`.execute(db);
      await sql`alter table near_dup_bands drop constraint if exists near_dup_bands_pkey`.execute(db);
      await sql`drop index if exists near_dup_bands_article_idx`.execute(db);
      await sql`insert into near_dup_bands (band_key, article_id)
        select ((random() - 0.5) * 1.8e19)::bigint, g
        from generate_series(${filled + 1}::bigint, ${size}::bigint) g, generate_series(1, ${BANDS}) b`.execute(db);
      await sql`alter table near_dup_bands add constraint near_dup_bands_pkey primary key (band_key, article_id)`.execute(db);
      await sql`create index near_dup_bands_article_idx on near_dup_bands (article_id)`.execute(db);
      await sql`vacuum analyze near_dup_bands`.execute(db);
      await sql`checkpoint`.execute(db); // the load's writes are not flushed during the measurement
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
      for (let i = 0; i < 100; i++) await repo.bandCandidates(fingerprint(texts[i % texts.length]!).bandKeys, -1);
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
      // Server-side execution time of the same probe (EXPLAIN ANALYZE): the index alone, without
      // the client round trip and scheduling noise of a busy machine.
      const server: number[] = [];
      for (let q = 0; q < Math.min(queries, 300); q++) {
        const keys = [...fingerprint(texts[q % texts.length]!).bandKeys];
        if (q % 2 === 0 && hits.length) keys[0] = hits[q % hits.length]!;
        const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, timing off, summary on)
          select distinct article_id from near_dup_bands where band_key = any(${keys}::bigint[]) and article_id <> -1`.execute(db);
        // Planning + execution.
        const lines = plan.rows.map((r) => r['QUERY PLAN']).filter((l) => /^(Planning|Execution) Time/.test(l));
        const ms = lines.reduce((sum, l) => sum + Number(/([\d.]+) ms/.exec(l)?.[1]), 0);
        if (lines.length === 2 && Number.isFinite(ms)) server.push(ms);
      }
      server.sort((a, b) => a - b);
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
        serverMedianMs: +quantile(server, 0.5).toFixed(3),
        serverP99Ms: +quantile(server, 0.99).toFixed(3),
      });
    }
  } finally {
    await db.destroy();
    await dropDatabase(url);
  }
  console.log(`near-duplicate index check (${BANDS} band keys per article; ${queries} checks per size; Postgres on ${new URL(BASE).host})`);
  console.log('check = fingerprint + band probe (client-measured); server = planning + execution time of the probe inside Postgres');
  console.log('fingerprints   fill s   check median ms   check p99 ms   probe median ms   probe p99 ms   server median ms   server p99 ms   candidates');
  for (const r of rows) {
    console.log(
      [r.size, r.fillSeconds, r.checkMedianMs, r.checkP99Ms, r.probeMedianMs, r.probeP99Ms, r.serverMedianMs, r.serverP99Ms, r.candidatesMean]
        .map((x, i) => String(x).padStart([12, 8, 17, 14, 17, 14, 18, 15, 12][i] as number))
        .join(' '),
    );
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const ratio = first && last ? +(last.checkP99Ms / first.checkP99Ms).toFixed(2) : null;
  const serverRatio = first && last ? +(last.serverP99Ms / first.serverP99Ms).toFixed(2) : null;
  console.log(JSON.stringify({ bench: 'dedupe', smoke, bands: BANDS, queries, results: rows, p99RatioLargestToSmallest: ratio, serverP99RatioLargestToSmallest: serverRatio }));
}
