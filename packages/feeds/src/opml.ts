import { tagAttributes } from './discover.js';

export interface OpmlFeed {
  url: string;
  title: string;
}

/**
 * Feed subscriptions from an OPML document: every <outline> with an http(s) xmlUrl, titled by its
 * title (else text) attribute, in document order, duplicates dropped. Categories are flattened.
 */
export function parseOpml(text: string): OpmlFeed[] {
  const out: OpmlFeed[] = [];
  const seen = new Set<string>();
  const clean = text.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const m of clean.matchAll(/<outline\b[^<>]*>/gi)) {
    const a = tagAttributes(m[0]);
    const raw = (a.xmlurl ?? '').trim();
    if (!raw) continue;
    let url: string;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
      url = u.href;
    } catch {
      continue;
    }
    if (seen.has(url)) continue;
    seen.add(url);
    out.push({ url, title: (a.title ?? a.text ?? '').trim() });
  }
  return out;
}

function escAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** An OPML 2.0 document listing the feeds (type="rss"; readers use it for Atom and JSON Feed too). */
export function toOpml(feeds: readonly { url: string; title?: string | null | undefined }[], title = 'Newsline subscriptions'): string {
  const lines = feeds.map((f) => {
    const t = escAttr(f.title?.trim() || f.url);
    return `    <outline type="rss" text="${t}" title="${t}" xmlUrl="${escAttr(f.url)}"/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>${escAttr(title)}</title>
  </head>
  <body>
${lines.join('\n')}
  </body>
</opml>
`;
}
