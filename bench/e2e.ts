// `pnpm bench e2e [--pages N] [--feeds M] [--modes site,replay] [--dir DIR] [--threads T] [--smoke]`
// The whole pipeline against its slowest part. In one run, on the same N pages (default: the
// first 300 WCXB-dev pages):
//   site     a local HTTP site serves the pages under distinct URLs through M feeds; the workers
//            poll, fetch, extract, dedupe, cluster into stories, extract claims and events
//   replay   the same pages loaded from the files, as `newsline replay` does (extract onwards)
//   floor    extraction alone: every page through the extraction pool, same threads
// Each pipeline run gets a fresh database and queue prefix, and runs its workers in this process
// (as `newsline replay` does). Printed: articles/s end to end and as a share of the floor, each
// stage's processing time and queue wait (BullMQ processedOn/finishedOn), Postgres statements
// and Redis commands per article, peak RSS. Then one JSON line.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createLogger, loadConfig } from '@newsline/core';
import { loadAliases } from '@newsline/claims';
import { dropDatabase, ensureDatabase, FeedsRepository, FINAL_STATUSES, migrateToLatest } from '@newsline/db';
import { createExtractPool } from '@newsline/extract/pool';
import { readHtmlFile } from '@newsline/extract/files';
import { ingestArticle, openRuntime, startWorkers } from '@newsline/worker';
import type { QueueName } from '@newsline/queue';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_DIR = resolve(HERE, '../../shared/corpora/extraction/wcxb-dev/html');
const BASE_DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STAGES: QueueName[] = ['feeds', 'fetch', 'extract', 'dedupe', 'claims'];

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

// ---- counting hooks: every statement any pg client sends, every command any ioredis client sends
const counts = { pg: 0, redis: 0 };
const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  counts.pg++;
  return pgQuery.apply(this, a);
} as typeof pg.Client.prototype.query;
const redisSend = Redis.prototype.sendCommand as (...a: unknown[]) => unknown;
Redis.prototype.sendCommand = function (this: Redis, ...a: unknown[]) {
  counts.redis++;
  return redisSend.apply(this, a);
} as typeof Redis.prototype.sendCommand;

interface StageTimes {
  stage: QueueName;
  jobs: number;
  retried: number;
  procMeanMs: number;
  procP95Ms: number;
  waitMeanMs: number;
}

interface RunResult {
  mode: 'site' | 'replay';
  pages: number;
  finished: number;
  failed: number;
  notArticle: number;
  duplicates: number;
  claims: number;
  events: number;
  seconds: number;
  articlesPerSec: number;
  pgPerArticle: number;
  redisPerArticle: number;
  peakRssMb: number;
  stages: StageTimes[];
}

const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
const p95 = (a: number[]) => (a.length ? [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(0.95 * a.length))]! : 0);

/** The pages under distinct URLs, and M RSS feeds that list them round-robin. */
function startSite(pages: string[], feeds: number): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    let m: RegExpMatchArray | null;
    if (url === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    } else if ((m = url.match(/^\/p\/(\d+)\.html$/)) && pages[Number(m[1])] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[Number(m[1])]);
    } else if ((m = url.match(/^\/feed\/(\d+)\.rss$/)) && Number(m[1]) < feeds) {
      const f = Number(m[1]);
      const base = `http://${req.headers.host}`;
      const items = pages
        .map((_, i) => i)
        .filter((i) => i % feeds === f)
        .map((i) => `<item><title>Page ${i}</title><link>${base}/p/${i}.html</link><guid>${base}/p/${i}.html</guid><pubDate>${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toUTCString()}</pubDate></item>`)
        .join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title><link>${base}/</link>${items}</channel></rss>`);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function runPipeline(mode: 'site' | 'replay', files: string[], pages: string[], feeds: number, threads: number): Promise<RunResult> {
  const tag = randomBytes(4).toString('hex');
  const dbUrl = new URL(BASE_DB);
  dbUrl.pathname = `/nl_bench_e2e_${tag}`;
  await ensureDatabase(dbUrl.toString());
  const site = mode === 'site' ? await startSite(pages, feeds) : null;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL,
    QUEUE_PREFIX: `bench-e2e-${tag}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    EXTRACT_THREADS: String(threads),
    // A local site: no politeness delay, and the SSRF guard lets loopback through.
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    FETCH_RPS_PER_HOST: '1000',
    FETCH_MAX_PER_HOST: '16',
  });
  const rt = await openRuntime(config, createLogger(config.logLevel));
  try {
    await migrateToLatest(rt.db);
    const workers = await startWorkers(rt, { aliases: loadAliases(config.aliasesFile) });
    const before = { ...counts };
    const t0 = performance.now();
    try {
      if (site) {
        const repo = new FeedsRepository(rt.db);
        for (let f = 0; f < feeds; f++) {
          const feed = await repo.upsert(`${site.base}/feed/${f}.rss`, 3600);
          await rt.queues.enqueue('feeds', { feedId: feed.id });
        }
      } else {
        for (const [i, html] of pages.entries()) await ingestArticle(rt.db, rt.queues, { sourceKey: `file:${files[i]}`, html });
      }
      // Until every page is in a final state (claimed, duplicate, not an article, failed).
      for (;;) {
        const row = await rt.db
          .selectFrom('articles')
          .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.countAll<number>().filterWhere('status', 'in', FINAL_STATUSES).as('done')])
          .executeTakeFirstOrThrow();
        if (Number(row.all) >= pages.length && Number(row.done) >= pages.length) break;
        if (performance.now() - t0 > 30 * 60_000) throw new Error(`${mode}: gave up after 30 minutes with ${row.done} of ${pages.length} pages finished`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await workers.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    const used = { pg: counts.pg - before.pg, redis: counts.redis - before.redis };
    const stages: StageTimes[] = [];
    for (const stage of STAGES) {
      const jobs = await rt.queues.queue(stage).getJobs(['completed', 'failed'], 0, 100_000);
      if (!jobs.length) continue;
      const proc = jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0));
      const wait = jobs.map((j) => (j.processedOn ?? 0) - j.timestamp);
      stages.push({ stage, jobs: jobs.length, retried: jobs.filter((j) => j.attemptsMade > 1).length, procMeanMs: mean(proc), procP95Ms: p95(proc), waitMeanMs: mean(wait) });
    }
    const tally = await rt.db
      .selectFrom('articles')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('status', '=', 'failed').as('failed'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'not_article').as('notArticle'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'duplicate').as('duplicates'),
        eb.fn.countAll<number>().filterWhere('status', 'in', FINAL_STATUSES).as('finished'),
      ])
      .executeTakeFirstOrThrow();
    const claims = await rt.db.selectFrom('claims').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const events = await rt.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await rt.queues.obliterate().catch(() => undefined);
    return {
      mode,
      pages: pages.length,
      finished: Number(tally.finished),
      failed: Number(tally.failed),
      notArticle: Number(tally.notArticle),
      duplicates: Number(tally.duplicates),
      claims: Number(claims.n),
      events: Number(events.n),
      seconds,
      articlesPerSec: pages.length / seconds,
      pgPerArticle: used.pg / pages.length,
      redisPerArticle: used.redis / pages.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      stages,
    };
  } finally {
    await rt.close();
    await new Promise<void>((r) => (site ? site.server.close(() => r()) : r()));
    await dropDatabase(dbUrl.toString()).catch(() => undefined);
  }
}

/** Extraction alone: every page queued on the pool at once, the same threads as the pipeline. */
async function floor(pages: string[], threads: number): Promise<{ seconds: number; articlesPerSec: number }> {
  const pool = createExtractPool({ size: threads });
  try {
    const t0 = performance.now();
    await Promise.all(pages.map((html, i) => pool.extract(html, { name: `page ${i}` }).catch(() => null)));
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, articlesPerSec: pages.length / seconds };
  } finally {
    await pool.close();
  }
}

export async function main(args: string[]): Promise<void> {
  const smoke = args.includes('--smoke');
  const dir = resolve(opt(args, '--dir') ?? DEFAULT_DIR);
  const n = Number(opt(args, '--pages') ?? (smoke ? 16 : 300));
  const feeds = Number(opt(args, '--feeds') ?? (smoke ? 2 : 10));
  const threads = Number(opt(args, '--threads') ?? process.env.EXTRACT_THREADS ?? availableParallelism());
  const modes = (opt(args, '--modes') ?? 'site,replay').split(',') as ('site' | 'replay')[];
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.html?(\.gz)?$/.test(f)).sort().slice(0, n);
  } catch {
    throw new Error(`bench e2e: no pages in ${dir} (the WCXB-dev corpus beside the repository, or --dir DIR)`);
  }
  if (names.length < n) throw new Error(`bench e2e: ${dir} has ${names.length} pages, ${n} asked for`);
  const files = names.map((f) => join(dir, f));
  const pages = await Promise.all(files.map((f) => readHtmlFile(f)));
  console.error(`bench e2e: ${n} pages from ${dir}, ${feeds} feeds, ${threads} extraction threads, load ${loadavg()[0]!.toFixed(1)}`);

  const runs: RunResult[] = [];
  for (const mode of modes) {
    console.error(`bench e2e: ${mode} ...`);
    runs.push(await runPipeline(mode, files, pages, feeds, threads));
  }
  console.error('bench e2e: floor (extraction alone) ...');
  const fl = await floor(pages, threads);

  const f1 = (x: number) => x.toFixed(1);
  console.log(`\nEnd to end, ${n} pages (${cpus().length} cores, ${threads} extraction threads; floor = extraction alone, ${f1(fl.seconds)} s, ${f1(fl.articlesPerSec)} pages/s)`);
  console.log('mode     seconds  articles/s  of floor  pg stmts/art  redis cmds/art  peak RSS MB  failed  not-article  duplicates  claims  events');
  for (const r of runs) {
    console.log(
      `${r.mode.padEnd(8)} ${f1(r.seconds).padStart(7)}  ${f1(r.articlesPerSec).padStart(10)}  ${(r.articlesPerSec / fl.articlesPerSec).toFixed(2).padStart(8)}  ${f1(r.pgPerArticle).padStart(12)}  ${f1(r.redisPerArticle).padStart(14)}  ${r.peakRssMb.toFixed(0).padStart(11)}  ${String(r.failed).padStart(6)}  ${String(r.notArticle).padStart(11)}  ${String(r.duplicates).padStart(10)}  ${String(r.claims).padStart(6)}  ${String(r.events).padStart(6)}`,
    );
  }
  for (const r of runs) {
    console.log(`\n${r.mode}: per stage (BullMQ processedOn..finishedOn, and enqueue..processedOn)`);
    console.log('stage     jobs  retried  processing mean ms  p95 ms  queue wait mean ms');
    for (const s of r.stages) {
      console.log(`${s.stage.padEnd(8)} ${String(s.jobs).padStart(5)}  ${String(s.retried).padStart(7)}  ${s.procMeanMs.toFixed(0).padStart(18)}  ${s.procP95Ms.toFixed(0).padStart(6)}  ${s.waitMeanMs.toFixed(0).padStart(18)}`);
    }
  }
  const failed = runs.reduce((k, r) => k + r.failed + (r.pages - r.finished), 0);
  console.log(
    JSON.stringify({
      bench: 'e2e',
      smoke,
      pages: n,
      feeds,
      threads,
      cores: cpus().length,
      load: loadavg()[0],
      floor: { seconds: fl.seconds, articlesPerSec: fl.articlesPerSec },
      runs: runs.map((r) => ({ ...r, ofFloor: r.articlesPerSec / fl.articlesPerSec })),
    }),
  );
  if (failed > 0) {
    console.error(`bench e2e: ${failed} page(s) failed or did not finish`);
    process.exitCode = 1;
  }
}
