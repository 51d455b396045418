import { describe, expect, it } from 'vitest';
import { canonicalUrl } from './canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://Example.COM./News/Story/?utm_source=rss&utm_medium=feed#top', 'https://example.com/News/Story'],
    ['https://example.com:443/a?b=2&a=1&fbclid=XYZ', 'https://example.com/a?a=1&b=2'],
    ['http://example.com:80/', 'http://example.com/'],
    ['https://user:pw@example.com/a', 'https://example.com/a'],
    ['https://example.com//news///2024/story', 'https://example.com/news/2024/story'],
    ['https://example.com/news/index.html', 'https://example.com/news'],
    ['https://example.com/news/story/amp', 'https://example.com/news/story'],
    ['https://example.com/news/story?amp=1', 'https://example.com/news/story'],
    ['https://example.com/news/story?outputType=amp&id=7', 'https://example.com/news/story?id=7'],
    ['https://example.com/a?x=%7Efoo', 'https://example.com/a?x=%7Efoo'],
    ['https://example.com/a?q=b&q=a', 'https://example.com/a?q=a&q=b'],
    ['https://example.com/a?mc_cid=1&ns_campaign=x&_hsenc=y', 'https://example.com/a'],
  ])('%s -> %s', (input, want) => {
    expect(canonicalUrl(input)).toBe(want);
  });

  it('is idempotent', () => {
    const u = canonicalUrl('https://Example.com/a/b/?z=1&utm_campaign=x&a=2#f');
    expect(canonicalUrl(u)).toBe(u);
  });

  it('resolves against a base', () => {
    expect(canonicalUrl('../b?utm_source=x', 'https://example.com/a/c')).toBe('https://example.com/b');
  });

  it('keeps a meaningful amp parameter value and other paths', () => {
    expect(canonicalUrl('https://example.com/amplifiers?amp=500')).toBe('https://example.com/amplifiers?amp=500');
  });

  it('names the bad input', () => {
    expect(() => canonicalUrl('not a url')).toThrow(/not a url/);
    expect(() => canonicalUrl('ftp://example.com/x')).toThrow(/ftp:\/\/example.com\/x/);
  });
});
