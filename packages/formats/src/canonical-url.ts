const TRACKING =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref_src|ref_url|cmpid|ocid|smid|ito|__twitter_impression|s_cid|cid_source|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|rss|at_medium|at_campaign|at_custom[0-9]*|mkt_tok|_hsenc|_hsmi|hsctatracking|oly_enc_id|oly_anon_id|vero_id|wt\.mc_id|wt_mc_id|sr_share|share|spm)$/i;

/** Query parameters and path suffixes that only select the AMP rendering of the same article. */
const AMP_PARAM = /^(amp|outputtype|output)$/i;
const AMP_VALUE = /^(1|true|amp)?$/i;
const INDEX_FILE = /\/(index|default)\.(html?|php|aspx?)$/i;

/**
 * The one URL normalisation used everywhere (article identity, feed entries, duplicates):
 * lower-case scheme and host (no trailing dot), no default port, no fragment, no user info,
 * no tracking parameters (utm_*, fbclid, ...), no AMP selector (`?amp=1`, `?outputType=amp`,
 * a final `/amp` path segment), remaining query parameters sorted, repeated slashes collapsed,
 * no `index.html`-style file name, no trailing slash on non-root paths. Percent-encoding is
 * normalised by the WHATWG URL parser.
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
  u.username = '';
  u.password = '';
  const kept = [...u.searchParams.entries()].filter(([k, v]) => !TRACKING.test(k) && !(AMP_PARAM.test(k) && AMP_VALUE.test(v)));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  u.search = new URLSearchParams(kept).toString();
  let path = u.pathname.replace(/\/{2,}/g, '/').replace(INDEX_FILE, '/');
  if (path.length > 1) path = path.replace(/\/amp\/?$/i, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  u.pathname = path;
  u.hostname = u.hostname.toLowerCase().replace(/\.$/, '');
  return u.toString();
}
