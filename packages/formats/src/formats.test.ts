import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { binaryReason, decodeBytes, DecompressionError, fnv1a32, fnv1a32Hex, gunzipLimited, normalizeEncoding, parseRetryAfter, singular, stem } from './index.js';

describe('decodeBytes: one policy for feeds and pages', () => {
  const page = (decl: string, body: string): string => `<html><head><meta charset="${decl}"></head><body><p>${body}</p></body></html>`;
  const feed = (decl: string, body: string): string => `<?xml version="1.0" encoding="${decl}"?><rss><channel><title>${body}</title></channel></rss>`;

  it('reads us-ascii and ISO-8859-1 as windows-1252, as browsers do, on both paths', () => {
    const text = 'caf\u00e9 \u201cquoted\u201d \u2013 50\u20ac';
    expect(decodeBytes(iconv.encode(page('us-ascii', text), 'windows-1252'), { html: true }).text).toContain(text);
    expect(decodeBytes(iconv.encode(feed('us-ascii', text), 'windows-1252')).text).toContain(text);
    expect(decodeBytes(iconv.encode(page('iso-8859-1', text), 'windows-1252'), { html: true })).toMatchObject({ encoding: 'windows-1252', source: 'meta' });
    expect(decodeBytes(iconv.encode(feed('x', text), 'windows-1252'), { contentType: 'text/xml; charset=US-ASCII' })).toMatchObject({ encoding: 'windows-1252', source: 'http' });
    expect(normalizeEncoding('us-ascii')).toBe('windows-1252');
    expect(normalizeEncoding('windows-31j')).toBe('shift_jis');
    expect(normalizeEncoding('ks_c_5601-1987')).toBe('euc-kr');
    expect(normalizeEncoding('utf-7')).toBeUndefined();
    expect(decodeBytes(Buffer.from(page('utf-7', 'a +ADw-script+AD4- b')), { html: true }).text).toContain('a +ADw-script+AD4- b');
  });

  it('lets valid UTF-8 beat a declared legacy encoding on both paths', () => {
    const text = 'Zürich – “München”';
    for (const decl of ['iso-8859-1', 'windows-1252', 'us-ascii']) {
      expect(decodeBytes(Buffer.from(page(decl, text)), { html: true })).toMatchObject({ encoding: 'utf-8', source: 'utf8-valid' });
      expect(decodeBytes(Buffer.from(feed(decl, text))).text).toContain(text);
    }
    // ... but not the HTTP header of a pure-ASCII document, which decodes the same either way
    expect(decodeBytes(Buffer.from(page('shift_jis', 'plain')), { html: true })).toMatchObject({ encoding: 'shift_jis', source: 'meta' });
  });

  it('reads a page declared in the HTTP header, in <meta>, or in an XML prolog', () => {
    const ja = '日本語のニュース記事';
    expect(decodeBytes(iconv.encode(page('x-bogus', ja), 'shift_jis'), { html: true, contentType: 'text/html; charset=Shift_JIS' }).text).toContain(ja);
    expect(decodeBytes(iconv.encode(`<?xml version="1.0" encoding="euc-kr"?><html><body>한국어 기사</body></html>`, 'euc-kr'), { html: true }).text).toContain('한국어 기사');
  });
});

describe('gunzipLimited', () => {
  it('stops a gzip bomb at the limit and names the input', () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x61));
    expect(bomb.length).toBeLessThan(64 * 1024);
    let err: unknown;
    try {
      gunzipLimited(bomb, { limit: 1024 * 1024, name: 'bomb.html.gz' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DecompressionError);
    expect((err as DecompressionError).reason).toBe('too-large');
    expect((err as Error).message).toBe('bomb.html.gz: gzip content unpacks to more than the 1048576-byte limit');
  });
  it('unpacks what fits, and names a corrupt input', () => {
    expect(gunzipLimited(gzipSync('hello'), { limit: 5, name: 'x' }).toString()).toBe('hello');
    expect(() => gunzipLimited(Buffer.from([0x1f, 0x8b, 1, 2, 3]), { limit: 100, name: 'broken.gz' })).toThrow(/^broken\.gz: gzip content cannot be unpacked/);
  });
});

describe('binaryReason', () => {
  it('finds binary by control bytes or a format signature, in bytes and in decoded text', () => {
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 256;
    expect(binaryReason(random)).toMatch(/^binary content \(\d+ control bytes such as 0x/);
    expect(binaryReason(random.toString('utf8'))).toMatch(/^binary content/);
    expect(binaryReason(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('binary content (PDF)');
    expect(binaryReason(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('binary content (PNG image)');
  });
  it('lets text through: tabs, newlines, form feeds, ESC (ISO-2022-JP), non-ASCII', () => {
    expect(binaryReason(Buffer.from('<html>\t<body>\r\n\f\u001b$B\u001b(B café 日本</body></html>'))).toBeNull();
    expect(binaryReason(iconv.encode('<p>naïve</p>', 'windows-1252'))).toBeNull();
    expect(binaryReason('')).toBeNull();
  });
});

describe('fnv1a32', () => {
  it('is FNV-1a over UTF-16 code units', () => {
    // Reference values of 32-bit FNV-1a
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32Hex('foobar')).toBe('bf9cf968');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 7 ')).toBe(7000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('   ')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('English plurals', () => {
  it('gives the singular by spelling, leaving words that only look plural', () => {
    const cases: [string, string][] = [
      ['hostages', 'hostage'], ['casualties', 'casualty'], ['churches', 'church'], ['boxes', 'box'], ['classes', 'class'],
      ['status', 'status'], ['crisis', 'crisis'], ['class', 'class'], ['gas', 'gas'], ['ties', 'tie'], ['people', 'people'],
    ];
    expect(cases.map(([plural]) => singular(plural))).toEqual(cases.map(([, one]) => one));
  });

  it('stems tenses too, and leaves short words', () => {
    expect(stem('earthquakes')).toBe('earthquake');
    expect(stem('policies')).toBe('policy');
    expect(stem('reporting')).toBe('report');
    expect(stem('attacked')).toBe('attack');
    expect(stem('news')).toBe('news');
  });
});
