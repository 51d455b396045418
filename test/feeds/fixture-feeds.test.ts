import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, HttpClient } from '../../packages/fetch/src/index.js';
import { discoverFeeds, entryArticleUrl, entryKey, FeedParseError, parseFeed, parseFeedFiles } from '../../packages/feeds/src/index.js';
import { startFixtureSite, type FixtureSite } from '../fixture-site/site.js';

let site: FixtureSite;
let client: HttpClient;

beforeAll(async () => {
  site = await startFixtureSite();
  client = new HttpClient({ contactUrl: 'https://example.org/bot', allowHosts: ['127.0.0.1:*'] });
});

afterAll(async () => {
  await client.close();
  await site.close();
});

async function fetchFeed(path: string) {
  const res = await client.fetch(`${site.url}${path}`);
  return parseFeed(res.body, { url: res.finalUrl, contentType: res.contentType ?? undefined, name: path });
}

describe('fixture site feeds through the fetch client and parser', () => {
  it('RSS, Atom and JSON Feed give the same five articles, one identity each', async () => {
    const [rss, atom, json] = await Promise.all([fetchFeed('/feed.rss'), fetchFeed('/feed.atom'), fetchFeed('/feed.json')]);
    for (const f of [rss, atom, json]) {
      expect(f.entries).toHaveLength(5);
      for (const e of f.entries) {
        expect(e.title.length).toBeGreaterThan(10);
        expect(e.link).toMatch(new RegExp(`^${site.url}/articles/`));
        expect(e.publishedAt).toMatch(/^20\d\d-\d\d-\d\dT09:30:00.000Z$/);
      }
    }
    // Atom links are relative to xml:base; resolved they match the RSS ones.
    const articleUrls = (f: typeof rss) => f.entries.map((e) => entryArticleUrl(e, `${site.url}/x`)).sort();
    expect(articleUrls(atom)).toEqual(articleUrls(rss));
    expect(articleUrls(json)).toEqual(articleUrls(rss));
    // The RSS guid is the clean URL, the JSON Feed id carries utm_* and fbclid: still one entry each.
    const keys = (f: typeof rss, feedUrl: string) => f.entries.map((e) => entryKey(e, feedUrl)).sort();
    expect(keys(json, `${site.url}/feed.json`)).toEqual(keys(rss, `${site.url}/feed.rss`));
    expect(new Set(keys(rss, `${site.url}/feed.rss`)).size).toBe(5);
    // Titles are the same text whatever the format's escaping.
    expect(atom.entries.map((e) => e.title)).toEqual(rss.entries.map((e) => e.title));
  });

  it('reads a windows-1252 feed that declares UTF-8, and a UTF-8 feed that declares windows-1252', async () => {
    const a = await fetchFeed('/cp1252-says-utf8.rss');
    const b = await fetchFeed('/utf8-says-cp1252.rss');
    expect(a.title).toBe('Fixture News – café “quotes” €');
    expect(b.title).toBe('Fixture News – café “quotes” €');
    expect(a.entries[0]?.title).toBe(b.entries[0]?.title);
    expect(a.entries[0]?.title).toMatch(/^[\x20-\x7E\u00A0-\u00FF\u2018-\u201D\u2013\u2014\u2026]+$/);
  });

  it('a feed that breaks fails cleanly, then recovers by itself', async () => {
    site.setBroken(true);
    const outcomes: string[] = [];
    for (let i = 0; i < 2; i++) {
      try {
        await fetchFeed('/flaky.rss');
        outcomes.push('ok');
      } catch (err) {
        if (err instanceof FetchError) outcomes.push(`fetch:${err.kind}`);
        else if (err instanceof FeedParseError) outcomes.push('parse');
        else throw err;
      }
    }
    expect(outcomes.sort()).toEqual(['fetch:retryable', 'parse']);
    site.setBroken(false);
    expect((await fetchFeed('/flaky.rss')).entries).toHaveLength(5);
  });

  it('discovers the feeds announced by the home page', async () => {
    const res = await client.fetch(`${site.url}/`, { kind: 'page' });
    expect(discoverFeeds(res.body.toString('utf8'), res.finalUrl)).toEqual([`${site.url}/feed.rss`, `${site.url}/feed.atom`, `${site.url}/feed.json`]);
  });

  it('parseFeedFiles: one line per input, errors that name it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nl-feeds-'));
    try {
      const good = join(dir, 'good.xml');
      const bad = join(dir, 'bad.xml');
      await writeFile(good, '<rss version="2.0"><channel><title>F</title><link>https://f.example/</link><item><title>One</title><link>https://f.example/1</link><guid>1</guid><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item></channel></rss>');
      await writeFile(bad, '<html><body>not a feed</body></html>');
      const lines = await parseFeedFiles([good, bad, join(dir, 'missing.xml'), `${site.url}/feed.atom`, `${site.url}/status/404`], { client });
      expect(lines[0]).toEqual({ file: good, title: 'F', link: 'https://f.example/', entries: [{ id: '1', title: 'One', link: 'https://f.example/1', publishedAt: '2024-01-01T00:00:00.000Z' }] });
      expect(lines[1]).toEqual({ file: bad, error: `${bad}: not a feed: the document's root element is <html>, expected <rss>, <rdf:RDF> or <feed>` });
      expect(lines[2]).toMatchObject({ file: join(dir, 'missing.xml') });
      expect((lines[2] as { error: string }).error).toContain('missing.xml');
      expect(lines[3]).toMatchObject({ file: `${site.url}/feed.atom`, title: 'Fixture News (Atom)' });
      expect((lines[4] as { error: string }).error).toBe(`HTTP 404: ${site.url}/status/404`);
      // each line is plain JSON as printed: no undefined fields, Dates or Errors lost on the way out
      expect(JSON.parse(JSON.stringify(lines))).toStrictEqual(lines);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
