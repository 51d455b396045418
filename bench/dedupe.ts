// `pnpm bench dedupe [--smoke] [--sizes 10000,100000,1000000] [--queries 400] [--story-sizes 1000,10000,100000]`
// Part 2 (stories): the time to place one article in a story as the day grows: 1k, 10k and 100k
// synthetic articles stamped on one day (events of 1-30 articles among a Zipf vocabulary, with
// names). The day is filled up to each size by building the generated events' stories directly
// (terms counted, each article folded into its event's story and listed under its key terms, as
// `placeArticle` would store them, without scoring: placing 100k articles one by one does not finish
// in reasonable time on a loaded 2-core machine); then the last 500 articles of each size are placed
// by `placeArticle` over the memory store and timed, and the largest story description kept
// (articles, centroid terms) is reported.
// Time to check one article against the near-duplicate index (MinHash LSH band keys in Postgres)
// holding 10k, 100k and 1M fingerprints. The index is filled with synthetic band keys (random
// 64-bit values, BANDS per article; no articles rows, the foreign key is dropped) in a database
// created for the run and dropped after. A check
// is what dedupeArticle does before verification: the article's fingerprint (MinHash, band keys)
// and the band probe; half the probes hit a stored article, half miss.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, NearDuplicatesRepository } from '@newsline/db';
import { BANDS, DEFAULT_STORY_CONFIG, addToStory, articleVector, fingerprint, keyTerms, MemoryStoryStore, newStory, placeArticle, titleVector } from '../packages/dedupe/src/index.js';
import { rng } from '../test/dedupe/syndicate.js';

const BASE = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const SAMPLE_TEXT =
  'Negotiators met in Doha on Thursday to discuss a ceasefire and the release of hostages held in Gaza, officials said. ' +
  'The talks, mediated by Qatar and Egypt, are expected to continue through the weekend, according to two people briefed on them. ' +
  'Israeli and Hamas delegations did not meet directly but exchanged proposals through the mediators, who shuttled between rooms. ';

/** Synthetic articles of one day: events of 1-30 articles sharing words and names, over a Zipf vocabulary. */
function* syntheticDay(seed: number): Generator<{ title: string; text: string; time: number; event: number }> {
  const r = rng(seed);
  const syl = ['ka', 'lo', 'mi', 'ren', 'tus', 'var', 'den', 'sol', 'pri', 'gan', 'tor', 'bel', 'nor', 'ash', 'quin', 'dra'];
  const word = (i: number) => {
    let w = '';
    for (let n = i + 17; w.length < 6 || n > 0; n = Math.floor(n / syl.length)) w += syl[n % syl.length];
    return w;
  };
  const vocab = Array.from({ length: 30_000 }, (_, i) => word(i));
  const zipf = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(r() * Math.log(vocab.length))) - 1)]!;
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  const t0 = Date.parse('2024-06-01T00:00:00Z');
  let event: { words: string[]; names: string[]; left: number; n: number } | null = null;
  let events = 0;
  for (let i = 0; ; i++) {
    if (!event || event.left <= 0) {
      event = { words: Array.from({ length: 12 }, zipf), names: Array.from({ length: 3 }, () => `${cap(zipf())} ${cap(zipf())}`), left: 1 + Math.floor(r() ** 3 * 30), n: events++ };
    }
    event.left--;
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    const body = Array.from({ length: 80 }, () => (r() < 0.3 ? pick(event!.words) : zipf()));
    const text = `${pick(event.names)} said on ${pick(event.names)} ${body.slice(0, 40).join(' ')}. The ${body.slice(40).join(' ')}, ${pick(event.names)} added.`;
    yield { title: `${pick(event.words)} ${pick(event.words)} ${zipf()} ${zipf()}`, text, time: t0 + (i % 86_400) * 1000, event: event.n };
  }
}

interface PlacementRow {
  articles: number;
  placeMedianMs: number;
  placeP99Ms: number;
  stories: number;
  maxKeptArticles: number;
  maxCentroidTerms: number;
}

async function storyPlacement(sizes: number[], sample: number): Promise<PlacementRow[]> {
  const store = new MemoryStoryStore();
  const day = syntheticDay(7);
  const stories = new Set<number>();
  const rows: PlacementRow[] = [];
  const storyOfEvent = new Map<number, number>();
  const cfg = DEFAULT_STORY_CONFIG;
  let placed = 0;
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const times: number[] = [];
    while (placed < size) {
      const a = day.next().value as { title: string; text: string; time: number; event: number };
      if (placed < size - sample) {
        // Filling the day: the event's story, stored as placeArticle stores it, without scoring.
        const v = articleVector(a, cfg);
        const counted = await store.countTerms([...v.keys()]);
        const stats = { docCount: counted.docCount + cfg.idfPriorDocs, df: (t: string) => counted.df.get(t) ?? 0 };
        const member = { v, t: titleVector(a.title), time: a.time, title: a.title };
        let id = storyOfEvent.get(a.event);
        const s = id === undefined ? undefined : store.story(id);
        if (s) {
          addToStory(s, member, stats, cfg);
          await store.save(s);
        } else {
          id = await store.create(newStory(0, member, cfg));
          storyOfEvent.set(a.event, id);
        }
        await store.addKeys(id as number, keyTerms(v, stats, cfg.keyTerms));
        stories.add(id as number);
        placed++;
        continue;
      }
      const t0 = performance.now();
      const p = await placeArticle(store, a, cfg);
      times.push(performance.now() - t0);
      stories.add(p.storyId);
      placed++;
    }
    let kept = 0;
    let terms = 0;
    for (const id of stories) {
      const s = store.story(id);
      if (!s) continue;
      kept = Math.max(kept, 1 + s.recent.length);
      terms = Math.max(terms, s.centroid.size);
    }
    times.sort((a, b) => a - b);
    rows.push({ articles: size, placeMedianMs: +quantile(times, 0.5).toFixed(3), placeP99Ms: +quantile(times, 0.99).toFixed(3), stories: new Set([...stories].map((id) => store.resolve(id))).size, maxKeptArticles: kept, maxCentroidTerms: terms });
  }
  return rows;
}

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
  const storySizes = (arg('--story-sizes') ?? (smoke ? '500,1500' : '1000,10000,100000')).split(',').map(Number);
  const placement = await storyPlacement(storySizes, smoke ? 100 : 500);
  console.log(`story placement in one day (placeArticle over the memory store; the last ${smoke ? 100 : 500} placements of each size timed)`);
  console.log('articles   place median ms   place p99 ms    stories   max kept articles   max centroid terms');
  for (const r of placement) {
    console.log(
      [r.articles, r.placeMedianMs, r.placeP99Ms, r.stories, r.maxKeptArticles, r.maxCentroidTerms].map((x, i) => String(x).padStart([8, 17, 14, 10, 19, 20][i] as number)).join(' '),
    );
  }
  const p0 = placement[0];
  const pN = placement[placement.length - 1];
  const placementRatio = p0 && pN ? +(pN.placeMedianMs / p0.placeMedianMs).toFixed(2) : null;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const ratio = first && last ? +(last.checkP99Ms / first.checkP99Ms).toFixed(2) : null;
  const serverRatio = first && last ? +(last.serverP99Ms / first.serverP99Ms).toFixed(2) : null;
  console.log(
    JSON.stringify({ bench: 'dedupe', smoke, bands: BANDS, queries, results: rows, p99RatioLargestToSmallest: ratio, serverP99RatioLargestToSmallest: serverRatio, storyPlacement: placement, placementMedianRatioLargestToSmallest: placementRatio }),
  );
}
