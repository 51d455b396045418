// Newsline on a Redis Cluster: three real redis-server masters joined with `redis-cli --cluster
// create`, the stage workers and the queues on it through REDIS_CLUSTER_NODES, the seed corpus
// replayed end to end, and the rows checked. Ports: NEWSLINE_TEST_CLUSTER_PORT (default 7000) and
// the next two, plus their cluster bus ports (+10000).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { replay } from '../services/cli/src/commands/replay.js';
import { SEEDS_DIR } from '../services/cli/src/paths.js';
import { RedisHostLimiter } from '@newsline/fetch';
import { checkRedis, RedisUnavailableError } from '@newsline/queue';
import { feedsAdd } from '../services/cli/src/commands/feeds.js';
import { startFixtureSite } from './fixture-site/site.js';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';
import { until } from './support/wait.js';
import { startLocalCluster, type LocalCluster } from './support/redis-cluster.js';
import { uniquePrefix } from './support/redis.js';

const base = Number(process.env.NEWSLINE_TEST_CLUSTER_PORT ?? 7000);
const quiet = { out: () => undefined };

async function checkSeedRows(p: TestPipeline): Promise<void> {
  const articles = await p.rt.db.selectFrom('articles').selectAll().execute();
  expect(articles).toHaveLength(5);
  for (const a of articles) {
    expect(a.status).toBe('claimed');
    expect(a.story_id).not.toBeNull();
    const claims = await p.rt.db.selectFrom('claims').select('id').where('article_id', '=', a.id).execute();
    expect(claims.length, a.source_key).toBeGreaterThan(0);
  }
  expect((await p.rt.db.selectFrom('events').select('id').execute()).length).toBeGreaterThan(0);
}

describe('Newsline on a local 3-master Redis Cluster', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startLocalCluster([base, base + 1, base + 2], { persist: true });
  }, 40_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('checks the cluster at start-up, naming REDIS_CLUSTER_NODES when it is unreachable', async () => {
    const nodes = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
    await expect(checkRedis({ redisUrl: 'redis://127.0.0.1:1', redisClusterNodes: nodes })).resolves.toBeUndefined();
    const down = checkRedis({ redisUrl: 'redis://127.0.0.1:6379', redisClusterNodes: [{ host: '127.0.0.1', port: 1 }] }, 1000);
    await expect(down).rejects.toThrow(RedisUnavailableError);
    await expect(down).rejects.toThrow(/REDIS_CLUSTER_NODES=127\.0\.0\.1:1/);
  });

  it('runs the seeds through the workers, with the queues on a hash-tagged prefix', async () => {
    const prefix = `{${uniquePrefix('cluster')}}`;
    const p = await openTestPipeline({ env: { REDIS_CLUSTER_NODES: cluster.nodes, QUEUE_PREFIX: prefix } });
    try {
      expect(p.rt.queues.connection).toBeInstanceOf(Cluster);
      const summary = await replay(p.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 60_000, pollMs: 50, ...quiet });
      expect(summary.failed).toEqual([]);
      expect(summary.unfinished).toBe(0);
      expect(summary).toMatchObject({ files: 5, newArticles: 5, articles: 5, duplicates: 0 });
      await checkSeedRows(p);
      // BullMQ's keys are on the cluster, all in the prefix's one slot.
      const counts = await p.rt.queues.counts();
      expect(counts.find((c) => c.name === 'claims')!.counts.completed).toBe(5);
    } finally {
      await p.close();
    }
  });

  it('crawls the fixture site through a feed (Job Schedulers, politeness limiter and fetch on the cluster)', async () => {
    const site = await startFixtureSite();
    const prefix = `{${uniquePrefix('crawl')}}`;
    const p = await openTestPipeline({
      env: { REDIS_CLUSTER_NODES: cluster.nodes, QUEUE_PREFIX: prefix, FETCH_ALLOW_HOSTS: '127.0.0.1:*', FETCH_RPS_PER_HOST: '50', FETCH_MAX_PER_HOST: '4' },
    });
    try {
      expect(await feedsAdd(p.rt, `${site.url}/`, { check: true })).toContain(`Found the feed ${site.url}/feed.`);
      expect(await p.rt.queues.schedules('feeds')).toHaveLength(1);
      const done = async () => {
        const rows = await p.rt.db.selectFrom('articles').select(['status', 'url', 'last_error']).execute();
        return rows.length === 5 && rows.every((r) => ['claimed', 'duplicate', 'not_article', 'failed'].includes(r.status)) ? rows : undefined;
      };
      const rows = await until('the feed\'s articles processed', done, 60_000);
      for (const r of rows) expect(r.status, `${r.url}: ${r.last_error}`).toBe('claimed');
    } finally {
      await p.close();
      await site.close().catch(() => undefined);
    }
  });

  it('keeps each host\'s politeness keys in one slot, spread over the masters by host', async () => {
    const conn = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { maxRetriesPerRequest: 1 } });
    conn.on('error', () => undefined);
    try {
      const limiter = new RedisHostLimiter(conn, `{${uniquePrefix('polite')}}`, { maxConcurrent: 1, requestsPerSecond: 1000 });
      const hosts = Array.from({ length: 12 }, (_, i) => `site-${i}.example`);
      // Each acquire runs the three-key script: a CROSSSLOT error would fail here.
      const leases = await Promise.all(hosts.map((h) => limiter.acquire(h)));
      await limiter.penalize(hosts[0]!, 1000);
      for (const l of leases) await l.release();
      const owners = new Set(await Promise.all(hosts.map((h) => cluster.masterFor(`{${h}}`))));
      expect(owners.size).toBeGreaterThan(1);
    } finally {
      conn.disconnect();
    }
  });

  it('finishes the seeds when the master holding the queues is restarted mid-run', async () => {
    const prefix = `{${uniquePrefix('restart')}}`;
    const p = await openTestPipeline({ env: { REDIS_CLUSTER_NODES: cluster.nodes, QUEUE_PREFIX: prefix } });
    try {
      const queueMaster = await cluster.masterFor(prefix);
      // Once the five files are enqueued (replay's producer reports an outage instead of waiting,
      // so enqueueing is not the part under test), kill and restart the master serving the queues
      // while the workers run them.
      let enqueued!: () => void;
      const allEnqueued = new Promise<void>((resolve) => (enqueued = resolve));
      const out = (line: string) => {
        if (line.startsWith('Enqueued')) enqueued();
      };
      const running = replay(p.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 60_000, pollMs: 50, out });
      await allEnqueued;
      const claimedBefore = (await p.rt.db.selectFrom('articles').select('id').where('status', '=', 'claimed').execute()).length;
      expect(claimedBefore, 'the restart comes mid-run').toBeLessThan(5);
      await cluster.restart(queueMaster);
      const summary = await running;
      expect(summary.badFiles).toEqual([]);
      expect(summary.failed).toEqual([]);
      expect(summary.unfinished).toBe(0);
      expect(summary).toMatchObject({ files: 5, articles: 5, duplicates: 0 });
      await checkSeedRows(p);
    } finally {
      await p.close();
    }
  });
});
