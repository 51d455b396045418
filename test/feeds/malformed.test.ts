// Malformed real-world feeds: what a lenient parser recovers, we recover. The shapes are those
// met in real feeds (unclosed <item>s, a feed cut off in transfer, an unclosed root, an
// itunes:category left open, Atom entries never closed), built here so the test needs no corpus.
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../packages/feeds/src/index.js';
import { rebalance } from '../../packages/feeds/src/recover.js';

const FEED_URL = 'https://news.example/feeds/rss.xml';
const item = (i: number, close = true): string =>
  `<item><title>Story ${i}</title><link>https://news.example/${i}</link><guid>https://news.example/${i}</guid><pubDate>Mon, 0${1 + (i % 9)} Jan 2024 10:00:00 GMT</pubDate><description>Summary &amp; more ${i}</description>${close ? '</item>' : ''}\n`;
const items = (n: number, close = true): string => Array.from({ length: n }, (_, i) => item(i, close)).join('');
const head = '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>News</title><link>https://news.example/</link>\n';

describe('malformed feeds keep their entries', () => {
  it('50 unclosed <item>s are 50 entries, not one with every title run together', async () => {
    const feed = await parseFeed(`${head}${items(50, false)}</channel></rss>`, { url: FEED_URL });
    expect(feed.entries).toHaveLength(50);
    expect(feed.entries.map((e) => e.title)).toEqual(Array.from({ length: 50 }, (_, i) => `Story ${i}`));
    expect(feed.entries[49]).toMatchObject({ link: 'https://news.example/49', publishedAt: '2024-01-05T10:00:00.000Z', summary: 'Summary & more 49' });
  });

  it('a feed cut off in transfer keeps every entry before the cut', async () => {
    const whole = `${head}${items(30)}</channel></rss>`;
    const cut = whole.slice(0, whole.indexOf('<item><title>Story 29') + 40);
    const feed = await parseFeed(cut, { url: FEED_URL });
    expect(feed.entries.slice(0, 29).map((e) => e.link)).toEqual(Array.from({ length: 29 }, (_, i) => `https://news.example/${i}`));
    expect(feed.entries.length).toBeLessThanOrEqual(30);
    // cut inside a tag, a CDATA section and a comment
    for (const tail of ['<item><title>Half</title><li', '<item><description><![CDATA[<p>half', '<!-- a comment that never']) {
      const f = await parseFeed(`${head}${items(5)}${tail}`, { url: FEED_URL });
      expect(f.entries.slice(0, 5).map((e) => e.title), tail).toEqual(['Story 0', 'Story 1', 'Story 2', 'Story 3', 'Story 4']);
    }
  });

  it('an unclosed root and channel lose nothing', async () => {
    const feed = await parseFeed(`${head}${items(12)}`, { url: FEED_URL });
    expect(feed.title).toBe('News');
    expect(feed.entries).toHaveLength(12);
  });

  it('an itunes:category left open does not swallow the items after it', async () => {
    const feed = await parseFeed(`${head}<itunes:category text="News"><itunes:category text="Politics"/>${items(8)}</channel></rss>`, { url: FEED_URL });
    expect(feed.entries.map((e) => e.title)).toEqual(Array.from({ length: 8 }, (_, i) => `Story ${i}`));
  });

  it('Atom entries never closed are one entry each, links resolved', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => `<entry><title>E${i}</title><link href="/e/${i}"/><id>tag:news.example,2024:${i}</id>`).join('\n');
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>${entries}</feed>`, { url: FEED_URL });
    expect(feed.entries.map((e) => [e.title, e.link])).toEqual(Array.from({ length: 6 }, (_, i) => [`E${i}`, `https://news.example/e/${i}`]));
  });

  it('leaves well-formed markup as it is', () => {
    const doc = `${head}${items(3)}<!-- c --><item><description><![CDATA[<p>a <b>b</p>]]></description></item></channel></rss>`;
    expect(rebalance(doc)).toBe(doc);
  });
});

describe('relative item links', () => {
  const rss = (root: string, channel: string, it: string): string =>
    `<rss version="2.0"${root}><channel${channel}><title>T</title><item${it}><title>a</title><link>post/1</link></item></channel></rss>`;
  const base = ' xml:base="http://example.org/feeds/"';
  it('resolve against xml:base on the root, the channel or the item', async () => {
    for (const doc of [rss(base, '', ''), rss('', base, ''), rss('', '', base)]) {
      expect((await parseFeed(doc)).entries[0]!.link, doc).toBe('http://example.org/feeds/post/1');
      expect((await parseFeed(doc, { url: FEED_URL })).entries[0]!.link, doc).toBe('http://example.org/feeds/post/1');
    }
  });
  it('resolve a relative xml:base against the feed URL, and against the feed URL alone without one', async () => {
    expect((await parseFeed(rss(' xml:base="archive/"', '', ''), { url: FEED_URL })).entries[0]!.link).toBe('https://news.example/feeds/archive/post/1');
    expect((await parseFeed(rss('', '', ''), { url: FEED_URL })).entries[0]!.link).toBe('https://news.example/feeds/post/1');
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="archive/"><title>A</title><entry xml:base="2024/"><title>e</title><link href="post/1"/></entry></feed>';
    expect((await parseFeed(atom, { url: FEED_URL })).entries[0]!.link).toBe('https://news.example/feeds/archive/2024/post/1');
  });
});
