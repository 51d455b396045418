import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, HttpClient, RedisHostLimiter, type PolitenessOptions } from '../../packages/fetch/src/index.js';
import { startFixtureSite, type FixtureSite } from '../fixture-site/site.js';
import { redisUrl } from '../support/env.js';
import { deletePrefix, uniquePrefix } from '../support/redis.js';

let site: FixtureSite;
let prefix: string;
const redisClients: Redis[] = [];
const httpClients: HttpClient[] = [];

/** One simulated worker: its own Redis connection, limiter and HTTP client, sharing the prefix. */
function worker(opts: PolitenessOptions): { client: HttpClient; limiter: RedisHostLimiter } {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redisClients.push(redis);
  const limiter = new RedisHostLimiter(redis, prefix, opts);
  const client = new HttpClient({ contactUrl: 'https://example.org/bot', allowHosts: ['127.0.0.1:*'], limiter, robots: false });
  httpClients.push(client);
  return { client, limiter };
}

beforeAll(async () => {
  site = await startFixtureSite({ port: 0 });
});

afterEach(async () => {
  await Promise.all(httpClients.splice(0).map((c) => c.close()));
  for (const r of redisClients.splice(0)) r.disconnect();
  await deletePrefix(prefix);
});

afterAll(async () => {
  await site.close();
});

describe('RedisHostLimiter (shared politeness)', () => {
  it('never has more than K requests in flight to a host across workers', async () => {
    prefix = uniquePrefix('polite');
    const workers = [worker({ maxConcurrent: 2, requestsPerSecond: 200 }), worker({ maxConcurrent: 2, requestsPerSecond: 200 }), worker({ maxConcurrent: 2, requestsPerSecond: 200 })];
    site.resetStats();
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) jobs.push(workers[i % 3]!.client.fetch(`${site.url}/hold?ms=120`));
    await Promise.all(jobs);
    const s = site.stats();
    expect(s.byPath['/hold']).toBe(12);
    expect(s.maxInFlight).toBeLessThanOrEqual(2);
    expect(s.maxInFlight).toBe(2); // the limit is used, not just respected
  });

  it('holds the limit across separate processes', async () => {
    prefix = uniquePrefix('polite');
    site.resetStats();
    const script = fileURLToPath(new URL('./politeness-worker.ts', import.meta.url));
    const run = (): Promise<string> =>
      new Promise((resolveRun, reject) => {
        execFile(process.execPath, ['--import', 'tsx', script, redisUrl, prefix, `${site.url}/hold?ms=100`, '6'], { timeout: 30_000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolveRun(stdout),
        );
      });
    const outs = await Promise.all([run(), run(), run()]);
    expect(outs.map((o) => o.trim())).toEqual(['done', 'done', 'done']);
    expect(site.stats().byPath['/hold']).toBe(18);
    expect(site.stats().maxInFlight).toBe(2);
  });

  it('spaces request starts to at most R per second per host', async () => {
    prefix = uniquePrefix('polite');
    const rps = 5;
    const workers = [worker({ maxConcurrent: 10, requestsPerSecond: rps }), worker({ maxConcurrent: 10, requestsPerSecond: rps })];
    site.resetStats();
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => workers[i % 2]!.client.fetch(`${site.url}/feed.rss`)));
    const elapsed = Date.now() - started;
    const starts = [...(site.startsByHost().get(new URL(site.url).host) ?? [])].sort((a, b) => a - b);
    expect(starts).toHaveLength(8);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual((1000 / rps) * 0.8);
    expect(elapsed).toBeGreaterThanOrEqual(7 * (1000 / rps) * 0.9);
    // In any one-second window: at most R starts (one more at most from clock granularity).
    for (const t of starts) expect(starts.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(rps + 1);
  });

  it('a 429 with Retry-After holds every worker off that host', async () => {
    prefix = uniquePrefix('polite');
    const a = worker({ maxConcurrent: 4, requestsPerSecond: 100 });
    const b = worker({ maxConcurrent: 4, requestsPerSecond: 100 });
    const err = await a.client.fetch(`${site.url}/rate-limited`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).retryAfterMs).toBe(2000);
    const t0 = Date.now();
    await b.client.fetch(`${site.url}/feed.rss`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1800);
  });

  it('frees the slot of a worker that never released (lease expiry)', async () => {
    prefix = uniquePrefix('polite');
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    redisClients.push(redis);
    const limiter = new RedisHostLimiter(redis, prefix, { maxConcurrent: 1, requestsPerSecond: 100, leaseMs: 300 });
    await limiter.acquire('example.com:80'); // never released: a crashed worker
    const t0 = Date.now();
    const lease = await limiter.acquire('example.com:80');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    await lease.release();
  });

  it('keeps its keys under the prefix and lets them expire', async () => {
    prefix = uniquePrefix('polite');
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    redisClients.push(redis);
    const limiter = new RedisHostLimiter(redis, prefix, { maxConcurrent: 1, requestsPerSecond: 2 });
    const lease = await limiter.acquire('news.example:443');
    await limiter.penalize('news.example:443', 5000);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const k of keys) {
      expect(k.startsWith(`${prefix}:polite:{news.example:443}:`)).toBe(true);
      expect(await redis.pttl(k)).toBeGreaterThan(0);
    }
    await lease.release();
    expect(limiter.roundTrips).toBe(3);
  });
});
