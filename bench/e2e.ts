// `pnpm bench e2e [--pages N] [--feeds M] [--modes site,replay] [--dir DIR] [--threads T] [--stored K,...] [--explain] [--statements] [--processes N|SETS] [--smoke]`
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
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createLogger, loadConfig } from '@newsline/core';
import { loadAliases } from '@newsline/claims';
import { dropDatabase, ensureDatabase, FeedsRepository, FINAL_STATUSES, migrateToLatest, type Db } from '@newsline/db';
import { sql } from 'kysely';
import { createExtractPool } from '@newsline/extract/pool';
import { readHtmlFile } from '@newsline/extract/files';
import { ingestArticle, openRuntime, startWorkers } from '@newsline/worker';
import type { QueueName } from '@newsline/queue';
import { generateStoredArticles, STORED_KEY_PREFIX } from './support/stored-articles.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_DIR = resolve(HERE, '../../shared/corpora/extraction/wcxb-dev/html');
const BASE_DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STORED_LIKE = `${STORED_KEY_PREFIX}%`;
const STAGES: QueueName[] = ['feeds', 'fetch', 'extract', 'dedupe', 'claims'];

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

// ---- counting hooks: every statement any pg client sends, every command any ioredis client sends
const counts = { pg: 0, redis: 0 };
/** Statements by their text (whitespace squeezed, first 90 characters), and Redis commands by name (scripts by their first line). */
const byKind = { pg: new Map<string, number>(), redis: new Map<string, number>() };
const tally = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
const BENCH_MARK = '/* bench */';
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  const q = a[0];
  const text = typeof q === 'string' ? q : typeof (q as { text?: unknown })?.text === 'string' ? (q as { text: string }).text : '?';
  // The benchmark's own sampling (marked) is not the pipeline's work.
  if (!text.startsWith(BENCH_MARK)) {
    counts.pg++;
    tally(byKind.pg, text.replace(/\s+/g, ' ').trim().slice(0, 90));
  }
  return pgQuery.apply(this, a);
} as typeof pg.Client.prototype.query;
const redisSend = Redis.prototype.sendCommand as (...a: unknown[]) => unknown;
Redis.prototype.sendCommand = function (this: Redis, ...a: unknown[]) {
  counts.redis++;
  const c = a[0] as { name?: string; args?: unknown[] } | undefined;
  tally(byKind.redis, String(c?.name ?? '?'));
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
  /** The stage set of each worker process, or null: the workers ran in the benchmark's process. */
  processes: string[] | null;
  /** Database sessions on average (sampled every 100 ms): running a statement, waiting on the story (advisory) lock, on a row lock. */
  sessions: { running: number; waitingStoryLock: number; waitingRowLock: number };
  /** Articles already stored when the run began. */
  stored: number;
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
  /** CPU of this process (every thread: the event loop, the extraction and claims pools, libuv) per article. */
  cpuSecondsPerArticle: number;
  /** CPU of the Postgres backends serving the run's database per article (read from /proc; 0 where it cannot be read). */
  serverCpuSecondsPerArticle: number;
  /** This process's CPU seconds by thread (see threadCpu). */
  threadCpuSeconds: { main: number; helpers: number; eachHelper: number[]; started: number[] };
  /** Statements per article by their text, and Redis commands per article by name. */
  statementKinds: [string, number][];
  redisKinds: [string, number][];
  stages: StageTimes[];
}

const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
const p95 = (a: number[]) => (a.length ? [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(0.95 * a.length))]! : 0);

/**
 * CPU time of Postgres backends, read from /proc/PID/stat (user + system ticks) each time a
 * backend is seen: the last reading of each, less the first reading of those already running
 * when the run began. Postgres runs on this machine; elsewhere the readings are absent (0).
 */
class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private samples = 0;
  private static ticks(pid: number): number | undefined {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return Number(rest[11]) + Number(rest[12]);
    } catch {
      return undefined;
    }
  }
  sample(pid: number): void {
    const t = BackendCpu.ticks(pid);
    if (t === undefined) return;
    // Backends that started during the run count from zero.
    if (!this.first.has(pid)) this.first.set(pid, this.samples === 0 ? t : 0);
    this.last.set(pid, t);
  }
  tick(): void {
    this.samples++;
  }
  /** Seconds (clock ticks are 1/100 s on Linux). */
  total(): number {
    let t = 0;
    for (const [pid, v] of this.last) t += v - (this.first.get(pid) ?? 0);
    return t / 100;
  }
}

/** CPU ticks (1/100 s) of each thread of this process, by thread id. */
function threadTicks(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const f = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(rest[11]) + Number(rest[12]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * This process's CPU during a run, by thread: the event loop (the main thread), the threads that
 * existed before the workers started (libuv's pool: gzip, files; V8's GC helpers), and the
 * threads started by the run in the order they started (the extraction pool's threads start
 * with the first pages, the claims pool's with the first claims jobs). Linux only; empty elsewhere.
 */
function threadCpu(before: Map<number, number>, after: Map<number, number>): { main: number; helpers: number; eachHelper: number[]; started: number[] } {
  const main = process.pid;
  const helpers: number[] = [];
  const started: [number, number][] = [];
  for (const [tid, t] of after) {
    if (tid === main) continue;
    if (before.has(tid)) helpers.push((t - before.get(tid)!) / 100);
    else started.push([tid, t]);
  }
  return {
    main: ((after.get(main) ?? 0) - (before.get(main) ?? 0)) / 100,
    helpers: helpers.reduce((a, b) => a + b, 0),
    eachHelper: helpers.filter((x) => x > 0).sort((a, b) => b - a),
    started: started.sort((a, b) => a[0] - b[0]).map(([, t]) => t / 100),
  };
}

const WORKER_MAIN = resolve(HERE, '../services/worker/dist/main.js');

/**
 * Worker processes, each the compiled worker (`services/worker/dist/main.js`) running its stage
 * set (built first if a source changed), started and ready (each logs 'workers started'). stop() ends them with SIGTERM (they
 * finish their active jobs) and returns their CPU seconds since they were ready (every thread)
 * and the sum of their peak RSS, read just before.
 */
async function startWorkerProcesses(sets: string[][], env: NodeJS.ProcessEnv): Promise<{ stop(): Promise<{ cpu: number; peakRssMb: number }> }> {
  // The compiled build, brought up to date with the sources (a few milliseconds when it is).
  execFileSync(process.execPath, [resolve(HERE, '../scripts/build.mjs')], { stdio: 'inherit' });
  const procs = sets.map((stages) =>
    spawn(process.execPath, ['--conditions=newsline-dist', WORKER_MAIN, ...stages], { env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  await Promise.all(
    procs.map(
      (p, i) =>
        new Promise<void>((ok, fail) => {
          let buf: string | null = '';
          // The worker logs to stderr; past its start, only warnings and errors are passed on.
          const onData = (d: Buffer) => {
            if (buf === null) {
              for (const line of d.toString().split('\n')) if (/"level":(4|5|6)\d/.test(line)) console.error(line);
              return;
            }
            buf += d.toString();
            if (buf.includes('workers started')) {
              buf = null;
              ok();
            }
          };
          p.stderr!.on('data', onData);
          p.once('exit', (code) => fail(new Error(`bench e2e: worker process ${i} (${sets[i]!.join(',')}) exited with ${code} before it started`)));
        }),
    ),
  );
  const cpuOf = (pid: number | undefined): number => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return (Number(rest[11]) + Number(rest[12])) / 100;
    } catch {
      return 0;
    }
  };
  // Their start-up (loading, migrations) is not the run's.
  const started = procs.reduce((t, p) => t + cpuOf(p.pid), 0);
  return {
    async stop() {
      const cpu = procs.reduce((t, p) => t + cpuOf(p.pid), 0) - started;
      const peakRssMb = procs.reduce((t, p) => {
        try {
          return t + Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
        } catch {
          return t;
        }
      }, 0);
      await Promise.all(
        procs.map(
          (p) =>
            new Promise<void>((ok) => {
              if (p.exitCode !== null) return ok();
              p.once('exit', () => ok());
              p.kill('SIGTERM');
            }),
        ),
      );
      return { cpu, peakRssMb };
    },
  };
}

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

async function runPipeline(
  mode: 'site' | 'replay',
  files: string[],
  pages: string[],
  feeds: number,
  threads: number,
  stored = 0,
  explain = false,
  processes: string[][] | null = null,
): Promise<RunResult> {
  const tag = randomBytes(4).toString('hex');
  const dbUrl = new URL(BASE_DB);
  dbUrl.pathname = `/nl_bench_e2e_${tag}`;
  await ensureDatabase(dbUrl.toString());
  const site = mode === 'site' ? await startSite(pages, feeds) : null;
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL,
    QUEUE_PREFIX: `bench-e2e-${tag}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    EXTRACT_THREADS: String(threads),
    // A local site: no politeness delay, and the SSRF guard lets its loopback address and port through.
    FETCH_ALLOW_HOSTS: site ? new URL(site.base).host : '',
    FETCH_RPS_PER_HOST: '1000',
    FETCH_MAX_PER_HOST: '16',
  };
  const config = loadConfig(env);
  const rt = await openRuntime(config, createLogger(config.logLevel));
  try {
    await migrateToLatest(rt.db);
    if (stored) {
      const p0 = performance.now();
      await generateStoredArticles(rt.db, stored);
      await sql`analyze`.execute(rt.db);
      console.error(`bench e2e: ${stored} articles stored beforehand (${((performance.now() - p0) / 1000).toFixed(1)} s)`);
    }
    const ticks0 = existsSync('/proc/self/task') ? threadTicks() : new Map<number, number>();
    // The workers: in this process (as `newsline replay` runs them), or in worker processes of their own.
    const children = processes ? await startWorkerProcesses(processes, env) : null;
    const workers = children ? null : await startWorkers(rt, { aliases: loadAliases(config.aliasesFile) });
    const before = { ...counts };
    const kindsBefore = { pg: new Map(byKind.pg), redis: new Map(byKind.redis) };
    const serverCpu = new BackendCpu();
    const cpu0 = process.cpuUsage();
    let childCpu = 0;
    let childRssMb = 0;
    let byThread: ReturnType<typeof threadCpu> = { main: 0, helpers: 0, eachHelper: [], started: [] };
    const sessions = { samples: 0, active: 0, advisory: 0, rowlock: 0 };
    const progress = { done: -1, at: performance.now() };
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
      // Until every page is in a final state (claimed, duplicate, not an article, failed); meanwhile
      // what the database's sessions are doing: running, or waiting on an advisory lock (the story
      // lock) or a row lock.
      for (;;) {
        const act = await sql<{ active: number; advisory: number; rowlock: number; pids: number[] }>`/* bench */
          select array_agg(pid) filter (where backend_type = 'client backend') as pids,
                 count(*) filter (where state = 'active' and wait_event_type is distinct from 'Lock')::int as active,
                 count(*) filter (where wait_event_type = 'Lock' and wait_event = 'advisory')::int as advisory,
                 count(*) filter (where wait_event_type = 'Lock' and wait_event <> 'advisory')::int as rowlock
          from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(rt.db);
        const a = act.rows[0];
        for (const pid of a?.pids ?? []) serverCpu.sample(pid);
        serverCpu.tick();
        if (a) {
          sessions.samples++;
          sessions.active += a.active;
          sessions.advisory += a.advisory;
          sessions.rowlock += a.rowlock;
        }
        const row = (
          await sql<{ all: number; done: number }>`/* bench */
            select count(*)::int as all, count(*) filter (where status = any(${[...FINAL_STATUSES]}::text[]))::int as done
            from articles where source_key not like ${STORED_LIKE}`.execute(rt.db)
        ).rows[0]!;
        if (Number(row.all) >= pages.length && Number(row.done) >= pages.length) break;
        const done = Number(row.done) + Number(row.all);
        if (done !== progress.done) Object.assign(progress, { done, at: performance.now() });
        // Stuck (a feed that cannot be fetched, a stage that fails to start): say so instead of waiting.
        if (performance.now() - progress.at > 180_000) {
          throw new Error(`${mode}: no progress for 3 minutes with ${row.all} of ${pages.length} pages stored and ${row.done} finished (see \`newsline status\` with QUEUE_PREFIX=${config.queuePrefix})`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      // Read before the pools' threads end with close().
      byThread = threadCpu(ticks0, ticks0.size ? threadTicks() : new Map());
      if (children) ({ cpu: childCpu, peakRssMb: childRssMb } = await children.stop());
      await workers?.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const used = { pg: counts.pg - before.pg, redis: counts.redis - before.redis };
    // Now, before the benchmark's own reads of the queues below.
    const kinds = (now: Map<string, number>, then: Map<string, number>) =>
      [...now].map(([k, v]) => [k, (v - (then.get(k) ?? 0)) / pages.length] as [string, number]).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]);
    const statementKinds = kinds(byKind.pg, kindsBefore.pg);
    const redisKinds = kinds(byKind.redis, kindsBefore.redis);
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
      .where('source_key', 'not like', STORED_LIKE)
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('status', '=', 'failed').as('failed'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'not_article').as('notArticle'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'duplicate').as('duplicates'),
        eb.fn.countAll<number>().filterWhere('status', 'in', FINAL_STATUSES).as('finished'),
      ])
      .executeTakeFirstOrThrow();
    if (Number(tally.failed) > 0) {
      // Say why, so that a failure seen once can be followed up.
      const failures = await rt.db.selectFrom('articles').select(['id', 'url', 'failed_stage', 'last_error'])
        .where('status', '=', 'failed').where('source_key', 'not like', STORED_LIKE).execute();
      for (const f of failures) console.error(`bench e2e: ${mode}: article ${f.id} (${f.url}) failed in ${f.failed_stage ?? '?'}: ${f.last_error ?? 'no error recorded'}`);
    }
    // The run's own claims and events (not the stored ones).
    const claims = await rt.db.selectFrom('claims').innerJoin('articles', 'articles.id', 'claims.article_id').where('articles.source_key', 'not like', STORED_LIKE).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const events = await rt.db.selectFrom('events').where('key', 'not like', 'stored|%').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (explain) await printPlans(rt.db);
    await rt.queues.obliterate().catch(() => undefined);
    const per = (x: number) => (sessions.samples ? x / sessions.samples : 0);
    return {
      sessions: { running: per(sessions.active), waitingStoryLock: per(sessions.advisory), waitingRowLock: per(sessions.rowlock) },
      mode,
      stored,
      pages: pages.length,
      finished: Number(tally.finished),
      failed: Number(tally.failed),
      notArticle: Number(tally.notArticle),
      duplicates: Number(tally.duplicates),
      claims: Number(claims.n),
      events: Number(events.n),
      seconds,
      articlesPerSec: pages.length / seconds,
      // Counted in this process's clients only: with worker processes, the ingest's alone.
      pgPerArticle: children ? Number.NaN : used.pg / pages.length,
      redisPerArticle: children ? Number.NaN : used.redis / pages.length,
      // With worker processes: the sum of their peaks (each process's own peak) and this process's.
      peakRssMb: process.resourceUsage().maxRSS / 1024 + childRssMb,
      processes: processes?.map((p) => p.join(',')) ?? null,
      // With worker processes: theirs (every thread) and this process's (the ingest).
      cpuSecondsPerArticle: ((cpu.user + cpu.system) / 1e6 + childCpu) / pages.length,
      serverCpuSecondsPerArticle: serverCpu.total() / pages.length,
      threadCpuSeconds: byThread,
      statementKinds,
      redisKinds,
      stages,
    };
  } finally {
    await rt.close();
    await new Promise<void>((r) => (site ? site.server.close(() => r()) : r()));
    await dropDatabase(dbUrl.toString()).catch(() => undefined);
  }
}

/** The plans of the statements every article runs, on the database as the run left it. */
async function printPlans(db: Db): Promise<void> {
  const run = (await sql<{ id: number; created_at: Date }>`select id::int, created_at from articles where source_key not like ${STORED_LIKE} order by id desc limit 1`.execute(db)).rows[0];
  const a = run?.id ?? 1;
  const created = run?.created_at ?? new Date();
  const terms = (await sql<{ term: string }>`select term from story_terms order by term limit 12`.execute(db)).rows.map((r) => r.term);
  const keys = (await sql<{ key: string }>`select key from events order by id desc limit 20`.execute(db)).rows.map((r) => r.key);
  const bands = (await sql<{ band_key: string }>`select band_key::text from near_dup_bands order by article_id desc limit 16`.execute(db)).rows.map((r) => r.band_key);
  const hot: [string, ReturnType<typeof sql>][] = [
    ['article by id (every stage)', sql`select id, status, text from articles where id = ${a}`],
    ['claims: earlier mentions and claims of the article', sql`with old as (select distinct event_id from event_mentions where article_id = ${a} and article_created_at = ${created}), gone as (delete from claims where article_id = ${a} and article_created_at = ${created}) select event_id from old`],
    ['claims: events upsert by key', sql`insert into events (key, kind) select k, 'figure' from unnest(${keys}::text[]) k on conflict (key) do update set key = excluded.key returning id`],
    ['claims: delete cascade to mentions by claim', sql`delete from event_mentions where claim_id = ${a} and article_created_at = ${created}`],
    ['dedupe: claim the content hash (one statement)', sql`with ins as (insert into content_hashes (hash, article_id) values ('plan-only', ${a}) on conflict (hash) do nothing returning article_id) select article_id from ins union all select article_id from content_hashes where hash = 'plan-only' limit 1`],
    ['stories: article count and term frequencies (one statement)', sql`with ins as (insert into story_term_df (term, df) select t, 1 from unnest(${terms}::text[]) with ordinality as u(t, o) order by o on conflict (term) do update set df = story_term_df.df + 1 returning term, df) select nextval('story_doc_seq') as n, (select array_agg(term order by term) from ins) as terms`],
    ['dedupe: MinHash band candidates', sql`select distinct article_id from near_dup_bands where band_key = any(${bands}::bigint[]) and article_id <> ${a}`],
    ['stories: document frequencies', sql`select term, df from story_term_df where term = any(${terms}::text[])`],
    [
      'stories: candidate stories by key terms in the time window (the newest 50 under each term)',
      sql`select p.story_id from unnest(${terms}::text[]) as k(term)
          cross join lateral (select story_id from story_terms t where t.term = k.term order by story_id desc limit 50) p
          join stories s on s.id = p.story_id
          where s.merged_into is null and s.last_seen_at >= now() - interval '20 years' and s.first_seen_at <= now()
          group by p.story_id order by count(*) desc, p.story_id limit 50`,
    ],
    ['stories: load the candidates with their descriptions', sql`select s.id, s.title, s.first_seen_at, s.last_seen_at, d.description from stories s join story_descriptions d on d.story_id = s.id where s.id in (1, 2, 3) and s.merged_into is null`],
    ['dedupe: an original with the same canonical URL', sql`select id, duplicate_of from articles where canonical_url = 'https://stored.example/1' and id <> ${a} and story_id is not null order by duplicate_of is null desc, id limit 1`],
    ['events of a story (events --story)', sql`select e.id from event_mentions m join events e on e.id = m.event_id join articles a on a.id = m.article_id where a.story_id = (select story_id from articles where id = ${a})`],
  ];
  for (const [name, q] of hot) {
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (costs off) ${q}`.execute(db);
    console.log(`\n-- ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

/** Extraction alone: every page queued on the pool at once, the same threads as the pipeline. */
async function floor(pages: string[], threads: number): Promise<{ seconds: number; articlesPerSec: number; cpuSecondsPerArticle: number }> {
  const pool = createExtractPool({ size: threads });
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(pages.map((html, i) => pool.extract(html, { name: `page ${i}` }).catch(() => null)));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { seconds, articlesPerSec: pages.length / seconds, cpuSecondsPerArticle: (cpu.user + cpu.system) / 1e6 / pages.length };
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
  // --stored 0,1000,10000: each mode again with that many articles stored beforehand (cost growth).
  const storedCounts = (opt(args, '--stored') ?? '0').split(',').map(Number);
  // --explain: the plans of the hot statements after each run.
  const explain = args.includes('--explain');
  // --processes 2, or --processes extract/dedupe,claims: the workers in separate processes (the
  // compiled worker), N that run every stage, or one per '/'-separated stage set.
  const procOpt = opt(args, '--processes');
  const processes = procOpt === undefined ? null : /^\d+$/.test(procOpt) ? Array.from({ length: Number(procOpt) }, () => [] as string[]) : procOpt.split('/').map((x) => x.split(','));
  // --statements: the statements and Redis commands per article, by kind.
  const showStatements = args.includes('--statements');
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
  for (const stored of storedCounts) {
    for (const mode of modes) {
      console.error(`bench e2e: ${mode}${stored ? ` with ${stored} articles stored` : ''}${processes ? ` in ${processes.length} worker process(es): ${processes.map((p) => p.join(',') || 'every stage').join(' / ')}` : ''} ...`);
      runs.push(await runPipeline(mode, files, pages, feeds, threads, stored, explain, processes));
    }
  }
  console.error('bench e2e: floor (extraction alone) ...');
  const fl = await floor(pages, threads);

  const f1 = (x: number) => x.toFixed(1);
  console.log(`\nEnd to end, ${n} pages (${cpus().length} cores, ${threads} extraction threads; floor = extraction alone, ${f1(fl.seconds)} s, ${f1(fl.articlesPerSec)} pages/s, ${(fl.cpuSecondsPerArticle * 1000).toFixed(0)} ms of CPU a page)`);
  console.log('mode     stored  seconds  articles/s  of floor  pg stmts/art  redis cmds/art  peak RSS MB  failed  not-article  duplicates  claims  events  db sessions: running / on story lock / on row lock');
  for (const r of runs) {
    console.log(
      `${r.mode.padEnd(8)} ${String(r.stored).padStart(6)}  ${f1(r.seconds).padStart(7)}  ${f1(r.articlesPerSec).padStart(10)}  ${(r.articlesPerSec / fl.articlesPerSec).toFixed(2).padStart(8)}  ${f1(r.pgPerArticle).padStart(12)}  ${f1(r.redisPerArticle).padStart(14)}  ${r.peakRssMb.toFixed(0).padStart(11)}  ${String(r.failed).padStart(6)}  ${String(r.notArticle).padStart(11)}  ${String(r.duplicates).padStart(10)}  ${String(r.claims).padStart(6)}  ${String(r.events).padStart(6)}  ${r.sessions.running.toFixed(2)} / ${r.sessions.waitingStoryLock.toFixed(2)} / ${r.sessions.waitingRowLock.toFixed(2)}`,
    );
  }
  // CPU per article: what the 2 cores must do for one article end to end, against extraction alone.
  console.log('\nmode     stored  CPU ms/article: this process  Postgres backends  total  (floor: ' + (fl.cpuSecondsPerArticle * 1000).toFixed(0) + ')  total / floor');
  for (const r of runs) {
    const total = r.cpuSecondsPerArticle + r.serverCpuSecondsPerArticle;
    console.log(`${r.mode.padEnd(8)} ${String(r.stored).padStart(6)}  ${(r.cpuSecondsPerArticle * 1000).toFixed(0).padStart(28)}  ${(r.serverCpuSecondsPerArticle * 1000).toFixed(0).padStart(17)}  ${(total * 1000).toFixed(0).padStart(5)}  ${''.padStart(14)}${(total / fl.cpuSecondsPerArticle).toFixed(2).padStart(13)}`);
  }
  for (const r of runs) {
    const t = r.threadCpuSeconds;
    const ms = (x: number) => ((x * 1000) / r.pages).toFixed(0);
    if (r.processes) {
      console.log(`${r.mode}: workers in ${r.processes.length} process(es) (${r.processes.map((p) => p || 'every stage').join(' / ')}): CPU by thread not read; statements and Redis commands are counted in this process only (not shown)`);
      continue;
    }
    console.log(`${r.mode}${r.stored ? ` (${r.stored} stored)` : ''}: CPU ms/article by thread: event loop ${ms(t.main)}, libuv and V8 helpers ${ms(t.helpers)} (${t.eachHelper.map(ms).join(' ')}), threads started by the run in order ${t.started.map(ms).join(' / ')}`);
  }
  if (showStatements) {
    for (const r of runs) {
      console.log(`\n${r.mode}${r.stored ? ` (${r.stored} stored)` : ''}: statements per article by text`);
      for (const [k, v] of r.statementKinds) console.log(`${v.toFixed(2).padStart(6)}  ${k}`);
      console.log(`${r.mode}: Redis commands per article`);
      for (const [k, v] of r.redisKinds) console.log(`${v.toFixed(2).padStart(6)}  ${k}`);
    }
  }
  for (const r of runs) {
    console.log(`\n${r.mode}${r.stored ? ` (${r.stored} stored)` : ''}: per stage (BullMQ processedOn..finishedOn, and enqueue..processedOn)`);
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
      floor: fl,
      runs: runs.map(({ statementKinds: _s, redisKinds: _r, ...r }) => ({ ...r, ofFloor: r.articlesPerSec / fl.articlesPerSec })),
    }),
  );
  if (failed > 0) {
    console.error(`bench e2e: ${failed} page(s) failed or did not finish`);
    process.exitCode = 1;
  }
}
