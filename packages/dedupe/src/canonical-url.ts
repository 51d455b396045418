const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref_src|cmpid|ocid|smid|ito)$/i;

/**
 * The one URL normalisation used everywhere (article identity, feed entries, duplicates):
 * lower-case scheme and host, no default port, no fragment, no tracking parameters,
 * remaining query parameters sorted, no trailing slash on non-root paths.
 * Throws a TypeError naming the input when it is not an absolute http(s) URL.
 */
export function canonicalUrl(input: string, base?: string): string {
  let u: URL;
  try {
    u = new URL(input.trim(), base);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(input)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new TypeError(`not an http(s) URL: ${JSON.stringify(input)}`);
  }
  u.hash = '';
  const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  u.search = new URLSearchParams(kept).toString();
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '');
  u.hostname = u.hostname.toLowerCase().replace(/\.$/, '');
  return u.toString();
}
