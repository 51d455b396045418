// Two worker processes with different stages crawl the fixture site together: one polls, fetches
// and extracts, the other deduplicates and extracts claims, as separate hosts would. Nothing is
// lost or done twice: every page of the feed is stored once and finished, with its claims.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { JobQueues } from '@newsline/queue';
import { ROOT_DIR } from '../services/cli/src/paths.js';
import { startFixtureSite, type FixtureSite } from './fixture-site/site.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { redisUrl } from './support/env.js';
import { deletePrefix, uniquePrefix } from './support/redis.js';
import { until } from './support/wait.js';

interface Proc {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

async function stop(p: Proc): Promise<number | null> {
  if (p.child.exitCode === null) p.child.kill('SIGTERM');
  return p.exit;
}

describe('two worker processes with different stages', () => {
  let t: TestDatabase;
  let site: FixtureSite;
  const prefix = uniquePrefix('split');
  const procs: Proc[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDatabase();
    site = await startFixtureSite();
    env = {
      DATABASE_URL: t.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      FETCH_ALLOW_HOSTS: `127.0.0.1:${new URL(site.url).port}`,
      FETCH_RPS_PER_HOST: '50',
      FETCH_MAX_PER_HOST: '4',
      WORKER_CONCURRENCY: '2',
      EXTRACT_THREADS: '1',
    };
  });
  afterAll(async () => {
    for (const p of procs) await stop(p);
    await site?.close().catch(() => undefined);
    await t?.drop();
    await deletePrefix(prefix);
  });

  it('crawl the fixture site: every page of the feed stored once and finished, with its story and claims', { timeout: 240_000 }, async () => {
    const feed = await (await fetch(`${site.url}/feed.rss`)).text();
    const slug = (url: string | null) => /\/articles\/([^?#/]+)/.exec(url ?? '')?.[1];
    const pages = [...feed.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((m) => slug(m[1]!)!);
    expect(pages.length).toBeGreaterThanOrEqual(5);

    const front = start(['services/worker/src/main.ts', 'feeds', 'fetch', 'extract'], env);
    procs.push(front);
    const add = start(['services/cli/src/main.ts', 'feeds', 'add', `${site.url}/`], env);
    expect(await add.exit, add.out()).toBe(0);

    // The first process alone takes every page as far as extraction, and no further.
    const db = t.db;
    const extracted = async () => {
      const rows = await db.selectFrom('articles').select(['status']).execute();
      return rows.length === pages.length && rows.every((r) => r.status === 'extracted') ? rows : undefined;
    };
    await until('the first process to fetch and extract every page', extracted, 120_000, 200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await db.selectFrom('articles').select('status').where('status', '<>', 'extracted').execute()).toEqual([]);

    // The second process, with the other stages, finishes them.
    const back = start(['services/worker/src/main.ts', 'dedupe', 'claims'], env);
    procs.push(back);
    const finished = async () => {
      const rows = await db.selectFrom('articles').select(['status', 'url', 'last_error']).execute();
      return rows.every((r) => ['claimed', 'duplicate', 'not_article', 'failed'].includes(r.status)) ? rows : undefined;
    };
    const rows = await until('the second process to deduplicate and extract claims', finished, 120_000, 200);
    for (const r of rows) expect(r.status, `${r.url}: ${r.last_error}`).toBe('claimed');

    // Once each: articles by URL and source key, claims by (article, ordinal), mentions by (event, claim).
    expect(rows.map((r) => slug(r.url)).sort()).toEqual([...pages].sort());
    const once = (await sql<{ articles: number; keys: number; urls: number; stories: number; storied: number; claims: number; claimKeys: number; claimed: number; mentions: number; mentionKeys: number; events: number; orphanEvents: number }>`
      select (select count(*) from articles)::int as articles,
             (select count(*) from article_keys)::int as keys,
             (select count(distinct url) from articles)::int as urls,
             (select count(*) from stories where merged_into is null)::int as stories,
             (select count(*) from articles where story_id is not null)::int as storied,
             (select count(*) from claims)::int as claims,
             (select count(distinct (article_id, ordinal)) from claims)::int as "claimKeys",
             (select count(distinct article_id) from claims)::int as claimed,
             (select count(*) from event_mentions)::int as mentions,
             (select count(distinct (event_id, claim_id)) from event_mentions)::int as "mentionKeys",
             (select count(*) from events)::int as events,
             (select count(*) from events e where not exists (select 1 from event_mentions m where m.event_id = e.id))::int as "orphanEvents"`.execute(db)).rows[0]!;
    expect(once).toMatchObject({ articles: pages.length, keys: pages.length, urls: pages.length, storied: pages.length, orphanEvents: 0 });
    expect(once.stories).toBeGreaterThan(0);
    expect(once.stories).toBeLessThanOrEqual(pages.length);
    expect(once.claims).toBeGreaterThan(0);
    expect(once.claimKeys).toBe(once.claims);
    expect(once.claimed).toBeGreaterThan(0);
    expect(once.mentionKeys).toBe(once.mentions);
    expect(once.events).toBeGreaterThan(0);
    // Each stage ran once per article, in the process that has it: one completed job each.
    const queues = new JobQueues({ redisUrl, prefix });
    try {
      const completed = Object.fromEntries((await queues.counts()).map((q) => [q.name, q.counts.completed]));
      expect(completed).toMatchObject({ fetch: pages.length, extract: pages.length, dedupe: pages.length, claims: pages.length });
    } finally {
      await queues.close();
    }
    expect(await stop(back)).toBe(0);
    expect(await stop(front)).toBe(0);
  });
});
