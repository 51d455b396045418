import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, normalizeEncoding, parseRetryAfter } from '@newsline/formats';
import { parseRobots } from './robots.js';
import { SsrfPolicy } from './ssrf.js';

describe('decodeBytes', () => {
  const xml = (enc: string, body = 'Café €'): string => `<?xml version="1.0" encoding="${enc}"?><t>${body}</t>`;
  it('follows BOM, then HTTP charset, then prolog', () => {
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('latin1'))]))).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(decodeBytes(iconv.encode(xml('utf-8', 'Привет'), 'koi8-r'), { contentType: 'text/xml; charset="koi8-r"' })).toMatchObject({ encoding: 'koi8-r', source: 'http' });
    expect(decodeBytes(iconv.encode(xml('windows-1251', 'Привет'), 'windows-1251')).text).toContain('Привет');
  });
  it('lets valid UTF-8 override a wrong single-byte declaration, and guesses when UTF-8 is declared but invalid', () => {
    const a = decodeBytes(Buffer.from(xml('iso-8859-1'), 'utf8'));
    expect(a).toMatchObject({ encoding: 'utf-8', source: 'utf8-valid' });
    expect(a.text).toContain('Café €');
    const b = decodeBytes(iconv.encode(xml('utf-8'), 'windows-1252'));
    expect(b.text).toContain('Café €');
    expect(b.source).toBe('guess');
  });
  it('detects UTF-16/32 without a BOM and ignores a UTF-16 declaration in an 8-bit document', () => {
    expect(decodeBytes(iconv.encode(xml('utf-16'), 'utf-16le')).text).toContain('Café €');
    expect(decodeBytes(iconv.encode(xml('utf-16'), 'utf-16be')).encoding).toBe('utf-16be');
    expect(decodeBytes(Buffer.from(xml('utf-16'), 'utf8')).encoding).toBe('utf-8');
  });
  it('reads HTML meta charset for pages and ignores bogus names', () => {
    const html = iconv.encode('<html><head><meta charset="windows-1252"></head><body>caf\u00e9 \u201cq\u201d</body></html>', 'windows-1252');
    expect(decodeBytes(html, { html: true }).text).toContain('café “q”');
    expect(normalizeEncoding('x-bogus')).toBeUndefined();
    expect(normalizeEncoding('UTF8')).toBe('utf-8');
    expect(normalizeEncoding('ISO-8859-1')).toBe('windows-1252');
  });
});

describe('SsrfPolicy', () => {
  it('allows only public unicast by default', () => {
    const p = new SsrfPolicy();
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '224.0.0.1']) {
      expect(p.addressAllowed(a, 80), a).toBe(false);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8']) expect(p.addressAllowed(a, 8080), a).toBe(true);
  });
  it('opens named hosts by name and CIDR ranges by address, on the web ports unless a port is named', () => {
    const p = new SsrfPolicy(['LocalHost', '10.9.0.0/16', '127.0.0.1:8080', '[::1]:9000', 'fixture.test:*', '10.7.0.0/16:5000']);
    expect(p.addressAllowed('127.0.0.1', 80, 'localhost')).toBe(true);
    expect(p.addressAllowed('127.0.0.1', 443, 'localhost')).toBe(true);
    expect(p.addressAllowed('127.0.0.1', 6379, 'localhost')).toBe(false);
    expect(p.addressAllowed('127.0.0.1', 80, 'evil.example')).toBe(false);
    expect(p.addressAllowed('10.9.3.4', 443, 'anything')).toBe(true);
    expect(p.addressAllowed('10.9.3.4', 5432, 'anything')).toBe(false);
    expect(p.addressAllowed('10.7.3.4', 5000)).toBe(true);
    expect(p.addressAllowed('10.7.3.4', 80)).toBe(false);
    expect(p.hostAllowed('fixture.test', 6379)).toBe(true);
    expect(p.literalRefusal(new URL('http://10.8.0.1/'))).toMatch(/private/);
    expect(p.literalRefusal(new URL('http://localhost/'))).toBeUndefined();
    expect(p.literalRefusal(new URL('https://localhost/'))).toBeUndefined();
    expect(p.literalRefusal(new URL('http://localhost:6379/'))).toBe('refused: port 6379 of localhost is not allowed (FETCH_ALLOW_HOSTS opens ports 80, 443 there)');
    expect(p.literalRefusal(new URL('http://127.0.0.1:8080/'))).toBeUndefined();
    expect(p.literalRefusal(new URL('http://127.0.0.1/'))).toBe('refused: port 80 of 127.0.0.1 is not allowed (FETCH_ALLOW_HOSTS opens port 8080 there)');
    expect(p.literalRefusal(new URL('http://[::1]:9000/'))).toBeUndefined();
    expect(p.literalRefusal(new URL('http://[::1]:9001/'))).toMatch(/port 9001 of ::1 is not allowed/);
    expect(p.literalRefusal(new URL('http://10.9.0.1:6379/'))).toMatch(/port 6379 of 10\.9\.0\.1 is not allowed \(FETCH_ALLOW_HOSTS opens ports 80, 443 of its range\)/);
    expect(() => new SsrfPolicy(['10.0.0.0/99'])).toThrow(/CIDR/);
    expect(() => new SsrfPolicy(['host:99999'])).toThrow(/not a port in "host:99999"/);
    expect(() => new SsrfPolicy(['host:http'])).toThrow(/not a port/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = Date.UTC(2024, 0, 1);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('parseRobots', () => {
  it('applies the Newsline group, else *', () => {
    const r = parseRobots('https://s.example/robots.txt', 'User-agent: *\nDisallow: /private\n\nUser-agent: Newsline\nDisallow: /nl-only\nCrawl-delay: 3\n', 'Newsline');
    expect(r.isAllowed('https://s.example/private/x')).toBe(true);
    expect(r.isAllowed('https://s.example/nl-only/x')).toBe(false);
    expect(r.crawlDelaySeconds).toBe(3);
    const star = parseRobots('https://s.example/robots.txt', 'User-agent: *\nDisallow: /private\n', 'Newsline');
    expect(star.isAllowed('https://s.example/private/x')).toBe(false);
    expect(star.isAllowed('https://other.example/private/x')).toBe(true);
  });
});
