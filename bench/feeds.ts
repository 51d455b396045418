// `pnpm bench feeds [--feeds N] [--hosts H] [--rounds R] [--workers C] [--rps R] [--per-host K] [--smoke]`
// Polls N synthetic fixture feeds spread over H loopback hosts (127.0.0.1..127.0.0.H), R rounds,
// through the fetch client (conditional GET, Redis politeness) and the feed parser, and reports
// feeds/s, the 304 share, new entries found, the busiest host's requests in any one second (must not
// exceed the per-host rate), and Redis round trips per poll.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { FetchError, HttpClient, RedisHostLimiter } from '../packages/fetch/src/index.js';
import { entryKey, parseFeed } from '../packages/feeds/src/index.js';

/**
 * The fixture site in its own process, so its request timestamps are not skewed by this
 * process's event loop (the client, Redis and the parser all run here).
 */
async function spawnSite(hosts: string[]): Promise<{ urls: string[]; stop: () => void }> {
  const main = fileURLToPath(new URL('../test/fixture-site/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--hosts', hosts.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = await new Promise<string[]>((resolveUrls, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /listening at ([^\n]+)\n/.exec(buf);
      if (m) resolveUrls(m[1]!.trim().split(' '));
    });
    child.once('exit', (code) => reject(new Error(`fixture site exited (${code})`)));
    setTimeout(() => reject(new Error('fixture site did not start in 30 s')), 30_000).unref();
  });
  child.stdout.resume();
  return { urls, stop: () => void child.kill('SIGTERM') };
}

function arg(args: string[], name: string, def: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : def;
}

/** Most request starts within any window of `windowMs` (sliding, half-open). */
function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export async function main(args: string[]): Promise<void> {
  const smoke = args.includes('--smoke');
  const feeds = Math.min(10_000, arg(args, '--feeds', smoke ? 300 : 2000));
  const hostCount = Math.min(250, arg(args, '--hosts', 25));
  const rounds = arg(args, '--rounds', smoke ? 2 : 3);
  const workers = arg(args, '--workers', 64);
  const rps = arg(args, '--rps', 20);
  const perHost = arg(args, '--per-host', 4);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

  const hosts = Array.from({ length: hostCount }, (_, i) => `127.0.0.${i + 1}`);
  const site = await spawnSite(hosts);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const prefix = `nlbench-feeds-${randomBytes(4).toString('hex')}`;
  const limiter = new RedisHostLimiter(redis, prefix, { maxConcurrent: perHost, requestsPerSecond: rps });
  const sent = new Map<string, number[]>();
  const client = new HttpClient({
    contactUrl: 'https://example.org/newsline-bench',
    allowHosts: site.urls.map((u) => new URL(u).host),
    limiter,
    robots: false,
    onRequest: (u) => {
      let list = sent.get(u.host);
      if (!list) sent.set(u.host, (list = []));
      list.push(Date.now());
    },
  });

  const state = Array.from({ length: feeds }, (_, n) => ({
    url: `${site.urls[n % hostCount]!}/feeds/${n}.rss`,
    etag: null as string | null,
    seen: new Set<string>(),
  }));
  let polls = 0;
  let notModified = 0;
  let newEntries = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const started = Date.now();
  try {
    for (let round = 0; round < rounds; round++) {
      let next = 0;
      const runWorker = async (): Promise<void> => {
        for (;;) {
          const i = next++;
          if (i >= feeds) return;
          const f = state[i]!;
          try {
            const res = await client.fetch(f.url, { kind: 'feed', etag: f.etag });
            polls++;
            if (res.notModified) {
              notModified++;
              continue;
            }
            f.etag = res.etag;
            const feed = await parseFeed(res.body, { url: res.finalUrl, contentType: res.contentType ?? undefined });
            for (const e of feed.entries) {
              const k = entryKey(e, f.url);
              if (!f.seen.has(k)) {
                f.seen.add(k);
                newEntries++;
              }
            }
          } catch (err) {
            polls++;
            errors++;
            if (errorSamples.length < 3) errorSamples.push(err instanceof FetchError ? err.message : String(err));
          }
        }
      };
      await Promise.all(Array.from({ length: workers }, () => runWorker()));
    }
  } finally {
    await client.close();
    let cursor = '0';
    do {
      const [c, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = c;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
  const seconds = (Date.now() - started) / 1000;
  let startsByHost: Record<string, number[]> = {};
  let serverRequests = 0;
  try {
    const stats = (await (await fetch(`${site.urls[0]!}/_stats`)).json()) as { requests: number; startsByHost: Record<string, number[]> };
    startsByHost = stats.startsByHost;
    serverRequests = stats.requests - 1;
  } finally {
    site.stop();
  }
  const dumpAt = args.indexOf('--dump');
  if (dumpAt >= 0 && args[dumpAt + 1]) writeFileSync(args[dumpAt + 1]!, JSON.stringify(startsByHost));
  // What the crawler did (send times here) and what the hosts saw (arrival times in the site's
  // process, which its own event-loop stalls on this loaded machine can bunch together).
  const busiest = Math.max(0, ...[...sent.values()].map((t) => maxInWindow(t, 1000)));
  const observed = Math.max(0, ...Object.values(startsByHost).map((t) => maxInWindow(t, 1000)));
  const result = {
    bench: 'feeds',
    smoke,
    feeds,
    hosts: hostCount,
    rounds,
    workers,
    perHostConcurrency: perHost,
    perHostRps: rps,
    polls,
    seconds: Number(seconds.toFixed(2)),
    feedsPerSecond: Number((polls / seconds).toFixed(1)),
    notModifiedShare: Number((notModified / Math.max(1, polls)).toFixed(3)),
    newEntries,
    errors,
    maxRequestsPerHostPerSecond: busiest,
    maxRequestsPerHostPerSecondSeenByServer: observed,
    withinLimit: busiest <= rps,
    redisRoundTripsPerPoll: Number((limiter.roundTrips / Math.max(1, polls)).toFixed(2)),
    httpRequests: client.requests,
    /** Requests the site received: more than httpRequests means requests were re-sent (keep-alive races). */
    serverRequests,
  };
  console.table([
    { metric: 'feeds polled', value: `${polls} (${feeds} feeds x ${rounds} rounds, ${hostCount} hosts)` },
    { metric: 'time', value: `${result.seconds} s` },
    { metric: 'feeds/s', value: result.feedsPerSecond },
    { metric: '304 share', value: result.notModifiedShare },
    { metric: 'new entries', value: newEntries },
    { metric: 'errors', value: errors },
    { metric: 'max requests/host in any 1 s (sent)', value: `${busiest} (limit ${rps})` },
    { metric: 'max requests/host in any 1 s (arrived)', value: `${observed} (site process timestamps)` },
    { metric: 'Redis round trips per poll', value: result.redisRoundTripsPerPoll },
  ]);
  if (errorSamples.length) console.error(`error samples: ${errorSamples.join(' | ')}`);
  console.log(JSON.stringify(result));
  if (!result.withinLimit) process.exitCode = 1;
}
