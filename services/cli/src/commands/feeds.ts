import { readFile } from 'node:fs/promises';
import { FeedsRepository, feedHealth } from '@newsline/db';
import { createHttpClient, type HttpClient } from '@newsline/fetch';
import { discoverFeeds, parseFeed, parseOpml, toOpml } from '@newsline/feeds';
import { decodeHtml } from '@newsline/extract';
import type { Runtime } from '@newsline/worker';

function httpClient(rt: Runtime): HttpClient {
  return createHttpClient(rt.config);
}

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`not an http(s) URL: ${JSON.stringify(url)}`);
  return u.toString();
}

/**
 * Finds the feed behind a URL: the URL itself when it is a feed, else the first feed a page
 * announces with <link rel="alternate">. Says what it tried when it finds none.
 */
export async function resolveFeedUrl(http: HttpClient, url: string): Promise<{ url: string; title: string | null; discovered: boolean }> {
  const res = await http.fetch(url, { kind: 'feed' });
  try {
    const feed = await parseFeed(res.body, { url: res.finalUrl, contentType: res.contentType ?? undefined, name: url });
    return { url: res.finalUrl, title: feed.title || null, discovered: false };
  } catch (parseErr) {
    const html = decodeHtml(res.body, res.contentType, url);
    const found = discoverFeeds(html, res.finalUrl);
    for (const candidate of found) {
      try {
        const r = await http.fetch(candidate, { kind: 'feed' });
        const feed = await parseFeed(r.body, { url: r.finalUrl, contentType: r.contentType ?? undefined, name: candidate });
        return { url: r.finalUrl, title: feed.title || null, discovered: true };
      } catch {
        // try the next one
      }
    }
    const why = parseErr instanceof Error ? parseErr.message : String(parseErr);
    throw new Error(found.length ? `${url}: none of the feeds it links to could be read (${found.join(', ')})` : `${url} is not a feed and links to none (${why})`);
  }
}

export async function feedsAdd(rt: Runtime, url: string, opts: { intervalSeconds?: number; check: boolean }): Promise<string> {
  let target = { url: checkUrl(url), title: null as string | null, discovered: false };
  if (opts.check) {
    const http = httpClient(rt);
    try {
      target = await resolveFeedUrl(http, target.url);
    } finally {
      await http.close();
    }
  }
  const interval = opts.intervalSeconds ?? rt.config.feedIntervalSeconds;
  const feed = await new FeedsRepository(rt.db).upsert(target.url, interval, target.title);
  await rt.queues.schedule('feeds', { feedId: feed.id }, interval * 1000);
  return `${target.discovered ? `Found the feed ${target.url} on ${url}.\n` : ''}Feed ${feed.id}: ${feed.url}${feed.title ? ` (${feed.title})` : ''}, polled every ${interval} s.`;
}

export async function feedsRemove(rt: Runtime, idOrUrl: string): Promise<string> {
  const repo = new FeedsRepository(rt.db);
  const feed = /^\d+$/.test(idOrUrl) ? await repo.get(Number(idOrUrl)) : await repo.findByUrl(checkUrl(idOrUrl));
  if (!feed) throw new Error(`no feed ${JSON.stringify(idOrUrl)} (see \`newsline feeds list\`)`);
  await rt.queues.unschedule('feeds', { feedId: feed.id });
  await repo.remove(feed.id);
  return `Removed feed ${feed.id}: ${feed.url} (its articles stay).`;
}

const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');


export async function feedsList(rt: Runtime, json: boolean): Promise<string> {
  const feeds = await new FeedsRepository(rt.db).list();
  if (json) return feeds.map((f) => JSON.stringify({ ...f, health: feedHealth(f) })).join('\n');
  if (feeds.length === 0) return 'No feeds. Add one with `newsline feeds add URL`.';
  const rows = feeds.map((f) => [
    String(f.id),
    feedHealth(f),
    iso(f.last_polled_at),
    iso(f.next_poll_at),
    String(f.failure_count),
    f.last_status === null ? '-' : String(f.last_status),
    f.url,
    f.last_error ? `error: ${f.last_error.slice(0, 120)}` : (f.title ?? ''),
  ]);
  const head = ['id', 'health', 'last poll', 'next poll', 'failures', 'status', 'url', 'title / last error'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

export async function feedsImport(rt: Runtime, file: string, intervalSeconds?: number): Promise<string> {
  const entries = parseOpml(await readFile(file, 'utf8'));
  if (entries.length === 0) throw new Error(`${file}: no feeds (no <outline> with an xmlUrl)`);
  const interval = intervalSeconds ?? rt.config.feedIntervalSeconds;
  const repo = new FeedsRepository(rt.db);
  for (const e of entries) {
    const feed = await repo.upsert(e.url, interval, e.title || null);
    await rt.queues.schedule('feeds', { feedId: feed.id }, interval * 1000);
  }
  return `Imported ${entries.length} feed(s) from ${file}.`;
}

export async function feedsExport(rt: Runtime): Promise<string> {
  return toOpml(await new FeedsRepository(rt.db).list());
}
