import { describe, expect, it } from 'vitest';
import { discoverFeeds, entryKey, nextPollAt, parseOpml, toOpml, parseFeedDate } from './index.js';

describe('entryKey', () => {
  const feed = 'https://news.example/feed.xml';
  it('uses the GUID; URL GUIDs are canonicalised so tracking variants are one article', () => {
    const a = entryKey({ id: 'https://News.example/story/1/?utm_source=rss&fbclid=x#top', link: null, title: 'a', publishedAt: null }, feed);
    const b = entryKey({ id: 'https://news.example/story/1', link: null, title: 'b', publishedAt: null }, 'https://other.example/rss');
    expect(a).toBe(b);
    expect(a).toBe('url:https://news.example/story/1');
  });
  it('scopes opaque GUIDs to the feed, keeps tag: URIs global', () => {
    expect(entryKey({ id: '123', link: null, title: '', publishedAt: null }, feed)).not.toBe(entryKey({ id: '123', link: null, title: '', publishedAt: null }, 'https://b.example/rss'));
    expect(entryKey({ id: 'tag:x.org,2020:1', link: null, title: '', publishedAt: null }, feed)).toBe('id:tag:x.org,2020:1');
  });
  it('falls back to the canonical link, then title + date', () => {
    const viaLink = entryKey({ id: null, link: '/story?b=2&a=1&utm_medium=x', title: 't', publishedAt: null }, feed);
    expect(viaLink).toBe('url:https://news.example/story?a=1&b=2');
    const td1 = entryKey({ id: null, link: null, title: 'Hello  World', publishedAt: '2024-01-01T00:00:00.000Z' }, feed);
    const td2 = entryKey({ id: null, link: null, title: 'hello world', publishedAt: '2024-01-01T00:00:00.000Z' }, feed);
    const td3 = entryKey({ id: null, link: null, title: 'hello world', publishedAt: '2024-01-02T00:00:00.000Z' }, feed);
    expect(td1).toBe(td2);
    expect(td1).not.toBe(td3);
    expect(td1.startsWith('td:https://news.example/feed.xml ')).toBe(true);
  });
});

describe('nextPollAt', () => {
  const now = Date.UTC(2024, 0, 1);
  const fixed = (): number => 0.5; // no jitter
  const MIN = 60_000;
  it('defaults to an hour and honours Cache-Control, Expires and ttl within bounds', () => {
    expect(nextPollAt({ now, outcome: 'ok', random: fixed })).toMatchObject({ intervalMs: 60 * MIN, reason: 'default' });
    expect(nextPollAt({ now, outcome: 'ok', headers: { 'cache-control': 'public, max-age=7200' }, random: fixed })).toMatchObject({ intervalMs: 120 * MIN, reason: 'cache-control' });
    expect(nextPollAt({ now, outcome: 'not_modified', headers: { 'cache-control': 'max-age=5' }, random: fixed }).intervalMs).toBe(10 * MIN);
    expect(nextPollAt({ now, outcome: 'ok', headers: { expires: new Date(now + 3 * 3_600_000).toUTCString() }, random: fixed })).toMatchObject({ intervalMs: 180 * MIN, reason: 'expires' });
    expect(nextPollAt({ now, outcome: 'ok', ttlMinutes: 100000, random: fixed })).toMatchObject({ intervalMs: 360 * MIN, reason: 'ttl' });
  });
  it('backs off exponentially on failures, never beyond once a day, and honours Retry-After', () => {
    const intervals = [1, 2, 3, 4, 5, 6, 10, 50].map((f) => nextPollAt({ now, outcome: 'error', consecutiveFailures: f, random: fixed }).intervalMs);
    expect(intervals).toEqual([1, 2, 4, 8, 16, 24, 24, 24].map((h) => h * 3_600_000));
    expect(nextPollAt({ now, outcome: 'error', consecutiveFailures: 1, retryAfterMs: 3 * 3_600_000, random: fixed })).toMatchObject({ intervalMs: 3 * 3_600_000, reason: 'retry-after' });
    expect(nextPollAt({ now, outcome: 'error', consecutiveFailures: 1, retryAfterMs: 1000, random: fixed }).intervalMs).toBe(60 * MIN);
    // Recovery: the first success after failures is back to the normal interval.
    expect(nextPollAt({ now, outcome: 'ok', consecutiveFailures: 0, random: fixed }).intervalMs).toBe(60 * MIN);
  });
  it('adds bounded jitter', () => {
    const lo = nextPollAt({ now, outcome: 'ok', random: () => 0 }).intervalMs;
    const hi = nextPollAt({ now, outcome: 'ok', random: () => 0.999999 }).intervalMs;
    expect(lo).toBe(54 * MIN);
    expect(hi).toBeGreaterThan(65 * MIN);
    expect(hi).toBeLessThanOrEqual(66 * MIN);
    const at = nextPollAt({ now: new Date(now), outcome: 'ok', random: fixed }).at;
    expect(at.getTime()).toBe(now + 60 * MIN);
  });
});

describe('discoverFeeds', () => {
  it('finds RSS, Atom and JSON Feed alternates, resolved, in order, deduplicated', () => {
    const html = `<html><head><base href="/news/">
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <LINK REL="Alternate" TYPE="application/atom+xml" HREF='https://cdn.example/atom'>
      <link rel=alternate type=application/feed+json href=/feed.json>
      <link rel="alternate" hreflang="fr" href="/fr/">
      <!-- <link rel="alternate" type="application/rss+xml" href="/commented.xml"> -->
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      </head></html>`;
    expect(discoverFeeds(html, 'https://site.example/page')).toEqual([
      'https://site.example/news/rss.xml',
      'https://cdn.example/atom',
      'https://site.example/feed.json',
    ]);
  });
});

describe('OPML', () => {
  it('parses nested outlines, skips non-feeds and duplicates, and round-trips', () => {
    const opml = `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
      <outline text="News"><outline text="A &amp; B" type="rss" xmlUrl="https://a.example/feed?x=1&amp;y=2"/>
      <outline title="Bee" text="ignored" xmlUrl="http://b.example/rss"/></outline>
      <outline text="no feed" htmlUrl="https://c.example/"/>
      <outline text="dup" xmlUrl="https://a.example/feed?x=1&amp;y=2"/>
      <outline text="bad" xmlUrl="file:///etc/passwd"/></body></opml>`;
    const feeds = parseOpml(opml);
    expect(feeds).toEqual([
      { url: 'https://a.example/feed?x=1&y=2', title: 'A & B' },
      { url: 'http://b.example/rss', title: 'Bee' },
    ]);
    expect(parseOpml(toOpml(feeds))).toEqual(feeds);
    expect(toOpml([{ url: 'https://x.example/"<>' }])).toContain('xmlUrl="https://x.example/&quot;&lt;&gt;"');
  });
});

describe('parseFeedDate', () => {
  it('reads the common formats and rejects junk', () => {
    expect(parseFeedDate('2003-12-31T10:14:55.123-08:00')).toBe('2003-12-31T18:14:55.123Z');
    expect(parseFeedDate('20031231T101455Z')).toBe('2003-12-31T10:14:55.000Z');
    expect(parseFeedDate('2003-12')).toBe('2003-12-01T00:00:00.000Z');
    expect(parseFeedDate('Wed, 31 Dec 2003 10:14:55 +0100')).toBe('2003-12-31T09:14:55.000Z');
    expect(parseFeedDate('31 Dec 2003 10:14 PST')).toBe('2003-12-31T18:14:00.000Z');
    expect(parseFeedDate('Sun Nov  6 08:49:37 1994')).toBe('1994-11-06T08:49:37.000Z');
    expect(parseFeedDate('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseFeedDate('2003-02-31')).toBeNull();
    expect(parseFeedDate('yesterday')).toBeNull();
    expect(parseFeedDate('')).toBeNull();
  });
});
