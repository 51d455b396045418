// `pnpm soak [--minutes N] [--feeds K] [--keep]`: the fixture site (its own process) and the full
// pipeline (every stage's worker, in this process) for N minutes on a fresh database and queue
// prefix. K synthetic feeds are polled every 5 s; each gives a new story every third poll. Prints a
// line a minute, then articles processed, failures by reason, and this process's RSS and Redis's
// memory at the start and the end, and one JSON line. Uses DATABASE_URL's server (the local one
// by default) and REDIS_URL; drops the database and the queue keys at the end unless --keep.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { createLogger, loadConfig } from '../packages/core/src/index.js';
import { loadAliases } from '../packages/claims/src/index.js';
import { createDb, dropDatabase, ensureDatabase, FeedsRepository, FINAL_STATUSES, migrateToLatest } from '../packages/db/src/index.js';
import { openRuntime, startWorkers } from '../services/worker/src/index.js';

const args = process.argv.slice(2);
const num = (name: string, def: number): number => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : def;
};
const minutes = num('--minutes', 5);
const feedCount = Math.round(num('--feeds', 8));
const keep = args.includes('--keep');

async function spawnSite(): Promise<{ url: string; stop: () => void }> {
  const main = fileURLToPath(new URL('../test/fixture-site/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /listening at (\S+)/.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`fixture site exited (${code})`)));
    setTimeout(() => reject(new Error('fixture site did not start in 30 s')), 30_000).unref();
  });
  child.stdout.resume();
  return { url, stop: () => void child.kill('SIGTERM') };
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function redisMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
}

async function main(): Promise<void> {
  const stamp = `${Date.now().toString(36)}${process.pid}`;
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/newsline_soak_${stamp}`;
  const databaseUrl = server.toString();
  const prefix = `newsline-soak-${stamp}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    FETCH_RPS_PER_HOST: '50',
    FETCH_MAX_PER_HOST: '8',
  };
  const config = loadConfig(env);
  const site = await spawnSite();
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, { max: 12 });
  await migrateToLatest(db);
  const rt = await openRuntime(config, createLogger(config.logLevel, 'soak'), { db });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  const workers = await startWorkers(rt, { aliases: loadAliases(config.aliasesFile) });
  const feeds = new FeedsRepository(rt.db);
  for (let n = 0; n < feedCount; n++) {
    const f = await feeds.upsert(`${site.url}/feeds/${n}.rss`, 60);
    await rt.queues.schedule('feeds', { feedId: f.id }, 5000);
  }
  // Keep every feed due: the load is the scheduler's 5 s tick, not the site's cache hints.
  const due = setInterval(() => void sql`update feeds set next_poll_at = now()`.execute(rt.db).catch(() => undefined), 5000);

  const started = Date.now();
  const rss0 = process.memoryUsage().rss;
  const redis0 = await redisMemory(redis);
  // `minute` is wall-clock time since the start (a busy event loop makes the 60 s sleeps late).
  const samples: { minute: number; processed: number; rssMb: number; redisMb: number }[] = [];
  const counts = async () => {
    const rows = await rt.db.selectFrom('articles').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const processed = rows.filter((r) => FINAL_STATUSES.includes(r.status)).reduce((s, r) => s + Number(r.n), 0);
    return { by, processed };
  };
  console.log(`Soak: ${minutes} min, ${feedCount} feeds at ${site.url}, database ${server.pathname.slice(1)}, prefix ${prefix}`);
  console.log(`start: RSS ${mb(rss0)} MB, Redis used_memory ${mb(redis0)} MB`);
  const end = started + minutes * 60_000;
  let minute = 0;
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, Math.min(60_000, end - Date.now())));
    minute = Math.round((Date.now() - started) / 60_000);
    const c = await counts();
    const s = { minute, processed: c.processed, rssMb: mb(process.memoryUsage().rss), redisMb: mb(await redisMemory(redis)) };
    samples.push(s);
    console.log(`${String(minute).padStart(3)} min  processed ${String(c.processed).padStart(6)}  RSS ${s.rssMb} MB  Redis ${s.redisMb} MB  ${JSON.stringify(c.by)}`);
  }
  clearInterval(due);
  for (const f of await feeds.list()) await rt.queues.unschedule('feeds', { feedId: f.id });
  const final = await counts();
  const rss1 = process.memoryUsage().rss;
  const redis1 = await redisMemory(redis);
  const failures = await rt.db
    .selectFrom('articles')
    .select([sql<string>`coalesce(failed_stage, '?') || ': ' || left(coalesce(last_error, ''), 120)`.as('reason'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'failed')
    .groupBy('reason')
    .execute();
  const feedErrors = await rt.db.selectFrom('feeds').select(['url', 'last_error']).where('last_error', 'is not', null).execute();
  await workers.close(10_000);
  await rt.queues.obliterate().catch(() => undefined);
  await rt.close();
  redis.disconnect();
  site.stop();
  if (!keep) await dropDatabase(databaseUrl);

  const secs = (Date.now() - started) / 1000;
  console.log('\nSoak result');
  console.log(`  minutes               ${minutes}`);
  console.log(`  articles processed    ${final.processed} (${(final.processed / secs).toFixed(2)}/s) ${JSON.stringify(final.by)}`);
  console.log(`  failed articles       ${failures.reduce((s, f) => s + Number(f.n), 0)}`);
  for (const f of failures) console.log(`    ${Number(f.n)} x ${f.reason}`);
  console.log(`  feeds with an error   ${feedErrors.length}`);
  for (const f of feedErrors) console.log(`    ${f.url}: ${f.last_error}`);
  // The first minute is warm-up (extraction threads start, caches fill): flat means minute 1 ~ the end.
  const warm = samples[0];
  console.log(`  RSS                   ${mb(rss0)} MB at start, ${warm?.rssMb ?? '-'} MB after 1 min, ${mb(rss1)} MB at the end`);
  console.log(`  Redis used_memory     ${mb(redis0)} MB at start, ${warm?.redisMb ?? '-'} MB after 1 min, ${mb(redis1)} MB at the end`);
  console.log(
    JSON.stringify({
      bench: 'soak',
      minutes,
      feeds: feedCount,
      processed: final.processed,
      byStatus: final.by,
      failures: Object.fromEntries(failures.map((f) => [f.reason, Number(f.n)])),
      rssMb: { start: mb(rss0), end: mb(rss1) },
      redisMb: { start: mb(redis0), end: mb(redis1) },
      samples,
    }),
  );
}

await main();
