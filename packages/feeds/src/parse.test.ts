import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { discoverFeeds, FeedParseError, htmlToText, parseFeed } from './index.js';

const rss = (items: string, extra = ''): string =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>https://ex.org/</link>${extra}${items}</channel></rss>`;

describe('parseFeed', () => {
  it('reads RSS 2.0 entries with ids, plain-text titles, absolute links and ISO dates', async () => {
    const feed = await parseFeed(
      rss(`<item><title>A &amp;amp; B &lt;b&gt;bold&lt;/b&gt;</title><link>/a?x=1</link><guid>g1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><description>&lt;p&gt;Hi&lt;/p&gt;</description></item>`),
      { url: 'https://ex.org/feed.xml' },
    );
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('T');
    expect(feed.entries).toEqual([
      { id: 'g1', title: 'A & B bold', link: 'https://ex.org/a?x=1', publishedAt: '2003-06-10T04:00:00.000Z', summary: '<p>Hi</p>' },
    ]);
  });

  it('reads RSS 0.91, RSS 1.0 (RDF), Atom 0.3, Atom 1.0 and JSON Feed', async () => {
    const r091 = await parseFeed('<rss version="0.91"><channel><title>Old</title><item><title>x</title><link>http://a/1</link></item></channel></rss>');
    expect(r091.entries[0]?.link).toBe('http://a/1');
    const rdf = await parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="http://a/"><title>RDF</title><link>http://a/</link></channel>
      <item rdf:about="http://a/2"><title>two</title><link>http://a/2</link><dc:date>2004-02-03T10:00:00+01:00</dc:date></item></rdf:RDF>`);
    expect(rdf.format).toBe('rdf');
    expect(rdf.entries[0]).toMatchObject({ id: 'http://a/2', title: 'two', publishedAt: '2004-02-03T09:00:00.000Z' });
    const a03 = await parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title mode="escaped" type="text/html">&lt;b&gt;Zero&lt;/b&gt; three</title>
      <entry><title>e</title><link rel="alternate" type="text/html" href="http://a/3"/><issued>2003-12-31T10:14:55Z</issued><id>tag:a,2003:3</id></entry></feed>`);
    expect(a03.title).toBe('Zero three');
    expect(a03.entries[0]).toMatchObject({ id: 'tag:a,2003:3', link: 'http://a/3', publishedAt: '2003-12-31T10:14:55.000Z' });
    const a10 = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://b.example/dir/"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<b>ht</b></div></title>
      <entry xml:base="sub/"><title type="text">&lt;not a tag&gt;</title><link rel="self" href="/self"/><link href="page.html"/><updated>2010-01-01T00:00:00Z</updated></entry></feed>`, { url: 'http://ignored.example/feed' });
    expect(a10.format).toBe('atom');
    expect(a10.title).toBe('Xht');
    expect(a10.entries[0]).toMatchObject({ title: '<not a tag>', link: 'http://b.example/dir/sub/page.html', publishedAt: '2010-01-01T00:00:00.000Z' });
    const json = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '1', url: '/p/1', title: 'One', date_published: '2024-01-02T03:04:05Z', content_html: '<p>x</p>' }] }), { url: 'https://j.example/feed.json' });
    expect(json.entries[0]).toEqual({ id: '1', title: 'One', link: 'https://j.example/p/1', publishedAt: '2024-01-02T03:04:05.000Z', contentHtml: '<p>x</p>' });
  });

  it('decodes charsets: BOM, HTTP header over prolog, valid UTF-8 over a wrong prolog, invalid UTF-8 falls back', async () => {
    const doc = (enc: string): string => `<?xml version="1.0" encoding="${enc}"?><rss version="2.0"><channel><title>Café €uro “q”</title></channel></rss>`;
    const want = 'Café €uro “q”';
    expect((await parseFeed(iconv.encode(doc('windows-1252'), 'windows-1252'))).title).toBe(want);
    // windows-1252 bytes declaring UTF-8
    const cp = await parseFeed(iconv.encode(doc('utf-8'), 'windows-1252'));
    expect(cp.title).toBe(want);
    expect(cp.encoding).toBe('windows-1252');
    // UTF-8 bytes declaring windows-1252
    const u8 = await parseFeed(Buffer.from(doc('windows-1252'), 'utf8'));
    expect(u8.title).toBe(want);
    expect(u8.encoding).toBe('utf-8');
    // HTTP charset beats the prolog
    const koi = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Привет</title></channel></rss>`;
    expect((await parseFeed(iconv.encode(koi, 'koi8-r'), { contentType: 'application/xml; charset=KOI8-R' })).title).toBe('Привет');
    // UTF-16 with BOM and UTF-16LE without
    expect((await parseFeed(iconv.encode(doc('utf-16'), 'utf-16le', { addBOM: true }))).title).toBe(want);
    expect((await parseFeed(iconv.encode(doc('utf-16'), 'utf-16be'))).title).toBe(want);
  });

  it('strips junk before the first tag, and repairs HTML entities and bare ampersands', async () => {
    const feed = await parseFeed(`\uFEFF\n\n  garbage<?php ?>\n${rss('<item><title>Tom &amp; Jerry &nbsp;&eacute;t&eacute; & more</title><link>http://a/?a=1&b=2</link></item>')}`);
    expect(feed.entries[0]?.title).toBe('Tom & Jerry été & more');
    expect(feed.entries[0]?.link).toBe('http://a/?a=1&b=2');
  });

  it('keeps entries without dates (null) and reads many date formats', async () => {
    const dates = ['Sun, 6 Nov 1994 08:49:37 GMT', '06 Nov 94 08:49 EST', '1994-11-06T08:49:37+01:00', '1994-11-06', 'Sunday, November 6, 1994 8:49 AM', 'not a date'];
    const feed = await parseFeed(rss(dates.map((d, i) => `<item><title>${i}</title><pubDate>${d}</pubDate></item>`).join('') + '<item><title>none</title></item>'));
    expect(feed.entries.map((e) => e.publishedAt)).toEqual([
      '1994-11-06T08:49:37.000Z', '1994-11-06T13:49:00.000Z', '1994-11-06T07:49:37.000Z', '1994-11-06T00:00:00.000Z', '1994-11-06T08:49:00.000Z', null, null,
    ]);
  });

  it('fails with a FeedParseError that names the feed and says why', async () => {
    const cases: [string | Uint8Array, RegExp][] = [
      ['', /empty document/],
      ['<html><body>hi</body></html>', /root element is <html>/],
      ['just text', /not XML or JSON/],
      ['{"no": "feed"}', /not a JSON Feed/],
      ['{broken json', /invalid JSON/],
    ];
    for (const [input, why] of cases) {
      const err = await parseFeed(input, { name: 'My Feed', url: 'https://f.example/x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FeedParseError);
      expect((err as Error).message).toMatch(/^My Feed: /);
      expect((err as Error).message).toMatch(why);
    }
    // A truncated document keeps what came before the cut; mismatched tags are recovered rather than rejected.
    const truncated = await parseFeed('<rss version="2.0"><channel><title>x</title><item><title>y');
    expect(truncated).toMatchObject({ title: 'x', entries: [{ title: 'y' }] });
    const lenient = await parseFeed('<rss version="2.0"><channel><title>x</title><item><title>y</item></channel></rss>');
    expect(lenient.entries[0]?.title).toBe('y');
    const byUrl = await parseFeed('<html/>', { url: 'https://f.example/x' }).catch((e: unknown) => e as Error);
    expect((byUrl as Error).message).toMatch(/^https:\/\/f\.example\/x: /);
  });

  it('stays linear on pathological markup (unclosed comments, CDATA, tags; no quadratic regex)', async () => {
    // Each of these took minutes with naive lazy regexes; the test timeout catches a regression.
    const n = 100_000;
    const inputs = [
      `<rss version="2.0"><channel><title>x</title>${'<!--'.repeat(n)}</channel></rss>`,
      `<rss version="2.0"><channel><title>x &nbsp;</title>${'<![CDATA['.repeat(n)}</channel></rss>`,
      `<rss version="2.0"><channel><title>${'<b'.repeat(n)}</title></channel></rss>`,
      `<rss version="2.0"><channel><title><![CDATA[${'<script'.repeat(n)}]]></title></channel></rss>`,
      `<?x${'<?'.repeat(n)}<rss version="2.0"><channel><title>x</title></channel></rss>`,
    ];
    for (const input of inputs) {
      const r = await parseFeed(input, { name: 'pathological' }).catch((e: unknown) => e);
      expect(r instanceof FeedParseError || (typeof r === 'object' && r !== null && 'entries' in r)).toBe(true);
      expect(htmlToText(input).length).toBeLessThanOrEqual(input.length);
      expect(discoverFeeds(input, 'http://x.example/')).toEqual([]);
    }
  });

  it('survives hostile input without throwing anything but FeedParseError', async () => {
    const inputs = [
      `<rss version="2.0"><channel>${'<item>'.repeat(5000)}</channel></rss>`,
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>',
      '<rss version="2.0"><channel><item><__proto__><polluted>1</polluted></__proto__><title>t</title></item></channel></rss>',
      new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x3c, 0x00]),
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="javascript:alert(1)"/><title>x</title></entry></feed>',
    ];
    for (const input of inputs) {
      try {
        await parseFeed(input, { name: 'hostile' });
      } catch (err) {
        expect(err).toBeInstanceOf(FeedParseError);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
