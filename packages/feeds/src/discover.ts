import { decodeHTML } from 'entities';

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/rdf+xml',
  'application/json', // JSON Feed 1.0 pages used this with rel=alternate
]);

/** Attributes of one start tag, names lower-cased, values entity-decoded. */
export function tagAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const body = tag.replace(/^<\s*[A-Za-z][\w:-]*/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(re)) {
    const name = m[1]!.toLowerCase();
    if (name in out) continue;
    out[name] = decodeHTML(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * Feed URLs a page announces with <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">,
 * resolved against <base href> and the page URL, in document order, without duplicates.
 */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const clean = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  let base = pageUrl;
  const baseTag = /<base\b[^<>]*>/i.exec(clean);
  if (baseTag) {
    const href = tagAttributes(baseTag[0]).href;
    if (href) {
      try {
        base = new URL(href, pageUrl).href;
      } catch {
        /* keep the page URL */
      }
    }
  }
  const out: string[] = [];
  for (const m of clean.matchAll(/<link\b[^<>]*>/gi)) {
    const a = tagAttributes(m[0]);
    const rels = (a.rel ?? '').toLowerCase().split(/\s+/);
    const type = (a.type ?? '').toLowerCase().split(';')[0]!.trim();
    if (!rels.includes('alternate') || !FEED_TYPES.has(type) || !a.href?.trim()) continue;
    try {
      const u = new URL(a.href.trim(), base);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && !out.includes(u.href)) out.push(u.href);
    } catch {
      /* not a URL */
    }
  }
  return out;
}
