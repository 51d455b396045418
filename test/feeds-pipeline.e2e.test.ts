import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedsRepository } from '@newsline/db';
import { startDashboard } from '@newsline/dashboard';
import { replayFromStore } from '../services/cli/src/commands/replay.js';
import { feedsAdd, feedsExport, feedsList, feedsRemove } from '../services/cli/src/commands/feeds.js';
import { startFixtureSite, type FixtureSite } from './fixture-site/site.js';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';
import { until } from './support/wait.js';

describe('feeds polled by the real workers against the fixture site', () => {
  let site: FixtureSite;
  let p: TestPipeline;
  beforeAll(async () => {
    site = await startFixtureSite();
    p = await openTestPipeline({ env: { FETCH_ALLOW_HOSTS: '127.0.0.1:*', FETCH_RPS_PER_HOST: '50', FETCH_MAX_PER_HOST: '4' } });
  });
  afterAll(async () => {
    await p?.close();
    await site?.close().catch(() => undefined);
  });

  /** Makes every feed due and polls it now, then waits until each has been polled again. */
  async function pollAll() {
    const repo = new FeedsRepository(p.rt.db);
    const feeds = await repo.list();
    const since = new Date();
    for (const f of feeds) {
      await repo.update(f.id, { next_poll_at: new Date(0) });
      await p.rt.queues.forget('feeds', { feedId: f.id });
      await p.rt.queues.enqueue('feeds', { feedId: f.id });
    }
    await until('every feed polled', async () => (await repo.list()).every((f) => f.last_polled_at && f.last_polled_at >= since));
    return repo.list();
  }

  async function articlesDone() {
    const rows = await p.rt.db.selectFrom('articles').select(['status']).execute();
    return rows.length > 0 && rows.every((r) => ['claimed', 'duplicate', 'not_article', 'failed'].includes(r.status)) ? rows : undefined;
  }

  it('finds the feed from the home page, fetches, extracts and stores each article once', async () => {
    const added = await feedsAdd(p.rt, `${site.url}/`, { check: true });
    expect(added).toContain(`Found the feed ${site.url}/feed.`);
    // The same articles through a second feed are the same articles.
    await feedsAdd(p.rt, `${site.url}/feed.atom`, { check: true });
    const schedules = await p.rt.queues.schedules('feeds');
    expect(schedules).toHaveLength(2);

    // Each Job Scheduler polls its feed at once, then every interval.
    const repo = new FeedsRepository(p.rt.db);
    await until('the first scheduled polls', async () => (await repo.list()).every((f) => f.last_polled_at !== null));
    const rows = await until('articles processed', articlesDone, 90_000);
    expect(rows).toHaveLength(5);
    const articles = await p.rt.db.selectFrom('articles').selectAll().execute();
    for (const a of articles) {
      expect(a.status, `${a.url}: ${a.last_error}`).toBe('claimed');
      expect(a.fetch_status).toBe(200);
      expect(a.final_url).toMatch(/\/articles\//);
      expect(a.raw_html).not.toBeNull();
      expect(a.text!.length).toBeGreaterThan(500);
      expect(a.published_at).not.toBeNull();
      expect(a.feed_id).not.toBeNull();
    }
    const claims = await p.rt.db.selectFrom('claims').select('id').execute();
    expect(claims.length).toBeGreaterThan(20);
  });

  it('fetches nothing new when polled again (304s) and stores nothing twice', async () => {
    const before = site.stats().byPath;
    const pagesBefore = Object.entries(before).filter(([k]) => k.startsWith('/articles/')).reduce((n, [, v]) => n + v, 0);
    const feeds = await pollAll();
    expect(feeds.map((f) => f.last_status)).toEqual([304, 304]);
    expect(feeds.every((f) => f.last_new_entries === 0)).toBe(true);
    const after = site.stats().byPath;
    const pagesAfter = Object.entries(after).filter(([k]) => k.startsWith('/articles/')).reduce((n, [, v]) => n + v, 0);
    expect(pagesAfter).toBe(pagesBefore);
    expect(await p.rt.db.selectFrom('articles').select('id').execute()).toHaveLength(5);
  });

  it('backs off a failing feed and recovers when it is fixed', async () => {
    site.setBroken(true);
    await feedsAdd(p.rt, `${site.url}/flaky.rss`, { check: false });
    const repo = new FeedsRepository(p.rt.db);
    let flaky = await until('the first poll of the broken feed', async () => {
      const f = (await repo.list()).find((x) => x.url.endsWith('/flaky.rss'));
      return f?.last_polled_at ? f : undefined;
    });
    expect(flaky.failure_count).toBe(1);
    expect(flaky.last_error).toMatch(/flaky\.rss/);
    expect(flaky.next_poll_at!.getTime()).toBeGreaterThan(Date.now());
    expect(await feedsList(p.rt, false)).toMatch(/failing .*flaky\.rss.*error: /);
    const dash = await startDashboard({ queues: p.rt.queues, db: p.rt.db, host: '127.0.0.1', port: 0 });
    try {
      const html = await (await fetch(dash.url.replace(/\/queues$/, '/feeds'))).text();
      expect(html).toMatch(/<tr class="failing">[\s\S]*flaky\.rss/);
      const api = (await (await fetch(dash.url.replace(/\/queues$/, '/api/feeds'))).json()) as { feeds: { url: string; health: string }[] };
      expect(api.feeds.find((f) => f.url.endsWith('/flaky.rss'))?.health).toBe('failing');
    } finally {
      await dash.app.close();
    }

    site.setBroken(false);
    const feeds = await pollAll();
    flaky = feeds.find((f) => f.url.endsWith('/flaky.rss'))!;
    expect(flaky.failure_count).toBe(0);
    expect(flaky.last_error).toBeNull();
  });

  it('exports OPML and removes a feed with its schedule', async () => {
    const opml = await feedsExport(p.rt);
    expect(opml).toContain(`xmlUrl="${site.url}/feed.atom"`);
    const msg = await feedsRemove(p.rt, `${site.url}/flaky.rss`);
    expect(msg).toMatch(/Removed feed/);
    expect(await p.rt.queues.schedules('feeds')).toHaveLength(2);
    await expect(feedsRemove(p.rt, '9999')).rejects.toThrow(/no feed "9999"/);
  });

  it('re-extracts the stored pages with no network (replay --from-store)', async () => {
    const claimsBefore = (await p.rt.db.selectFrom('claims').select('id').execute()).length;
    await site.close();
    const summary = await replayFromStore(p.rt, { enqueueOnly: false, timeoutMs: 60_000, pollMs: 50, out: () => undefined });
    expect(summary).toMatchObject({ alreadyStored: 5, articles: 5, failed: [], unfinished: 0 });
    const rows = await p.rt.db.selectFrom('articles').select(['status']).execute();
    expect(rows.every((r) => r.status === 'claimed')).toBe(true);
    expect((await p.rt.db.selectFrom('claims').select('id').execute()).length).toBe(claimsBefore);
  });
});
