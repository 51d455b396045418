// Small helpers shared by the server-rendered pages.

export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const when = (d: Date | null): string => (d ? d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC') : '—');
export const day = (d: Date | string | null): string => (d === null ? '—' : typeof d === 'string' ? d : d.toISOString().slice(0, 10));

/** Only http(s) addresses become links; anything else (javascript:, data:, a bare word) is shown as text. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** A link to the original when its address is http(s), else the address as text. */
export function externalLink(url: string | null | undefined, text?: string): string {
  const href = safeHref(url);
  if (!href) return url ? `<span class="url">${esc(url)}</span>` : '—';
  return `<a href="${esc(href)}" rel="noopener noreferrer nofollow">${esc(text ?? url)}</a>`;
}

/** The dashboard's one stylesheet, served from /assets/newsline.css (no inline styles: the CSP forbids them). */
export const STYLESHEET = `
*{box-sizing:border-box}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2228;background:#fff}
main{padding:1rem 1.25rem 3rem;max-width:80rem;margin:0 auto}
header.top{background:#1d2a3a;color:#fff;padding:.5rem 1.25rem}
header.top nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;max-width:80rem;margin:0 auto}
header.top a{color:#fff;text-decoration:none;padding:.35rem 0}header.top a:hover,header.top a.here{text-decoration:underline}
header.top .brand{font-weight:600;margin-right:.5rem}
h1{font-size:1.5rem;line-height:1.25;margin:.75rem 0}h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
a{color:#0b57a4}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%}th,td{padding:.4rem .6rem;border-bottom:1px solid #dde1e6;text-align:left;vertical-align:top}
th{font-size:.85rem;color:#555;font-weight:600}
td.n{text-align:right;white-space:nowrap}
.url,.why,.muted{color:#6b7480;font-size:.85rem;overflow-wrap:anywhere}.error{color:#a00;overflow-wrap:anywhere}
tr.failing .health{color:#a00;font-weight:bold}tr.ok .health{color:#070}tr.copy{color:#6b7480}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem;padding:.75rem;background:#f3f5f7;border-radius:6px}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:#444;flex:1 1 9rem}
form.filters input,form.filters select{font:inherit;padding:.35rem .45rem;border:1px solid #b9c0c8;border-radius:4px;min-width:0}
form.filters button{font:inherit;padding:.4rem .9rem;border:0;border-radius:4px;background:#0b57a4;color:#fff}
.pager{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.75rem 0}
.exports{font-size:.9rem}
ul.claims{list-style:none;padding:0}ul.claims li{padding:.5rem 0;border-bottom:1px solid #e5e8eb}
.speaker{font-weight:600}.cue{color:#6b7480;font-style:italic}
.article-text{white-space:pre-wrap;max-width:46rem;font-size:1.05rem;line-height:1.6}
mark.claim{background:#fff3b0;padding:0 .1rem}mark.claim.current{background:#ffd24d;outline:2px solid #d49b00}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}dl.meta dt{color:#555}dl.meta dd{margin:0;overflow-wrap:anywhere}
mark{background:#fff3b0}
.chart{overflow-x:auto;border:1px solid #dde1e6;border-radius:6px;padding:.25rem}
.chart svg{display:block;min-width:40rem;width:100%;height:auto}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem;margin:.5rem 0}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.3rem;vertical-align:-.05rem}
.disagree{color:#b00020;font-weight:600}
.notfound{font-size:1.1rem}
@media (max-width:40rem){main{padding:.75rem .75rem 2rem}h1{font-size:1.3rem}
 table.rows thead{display:none}table.rows tr{display:block;padding:.4rem 0;border-bottom:1px solid #dde1e6}
 table.rows td{display:inline-block;border:0;padding:.1rem .5rem .1rem 0;max-width:100%}table.rows td:first-child{display:block}}
`;

/** The one rule the board's page gets from us: the link back to the reading pages. */
export const BOARD_STYLESHEET = `a.nl-back{position:fixed;left:.75rem;bottom:3.25rem;z-index:1000;font:600 14px system-ui,sans-serif;background:#1d2a3a;color:#fff;padding:.4rem .7rem;border-radius:6px;text-decoration:none}
`;

export const NAV: [href: string, label: string][] = [
  ['/stories', 'Stories'],
  ['/search', 'Search'],
  ['/claims', 'Claims'],
  ['/events', 'Events'],
  ['/figures', 'Figures'],
  ['/feeds', 'Feeds'],
  ['/queues', 'Queues'],
  ['/metrics', 'Metrics'],
];

/** A whole page: viewport, the stylesheet and the navigation around `body`. */
export function page(title: string, body: string, here = ''): string {
  const nav = NAV.map(([href, label]) => `<a href="${href}"${href === here ? ' class="here" aria-current="page"' : ''}>${label}</a>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — Newsline</title>
<link rel="stylesheet" href="/assets/newsline.css">
</head><body>
<header class="top"><nav aria-label="Newsline"><span class="brand">Newsline</span>${nav}</nav></header>
<main>
${body}
</main>
</body></html>`;
}

/** `?a=1&b=2` from the non-empty values, with some replaced. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A total for a reader: "230", or "10,000+" when the list stopped counting there. */
export const totalText = (p: { total: number; totalExact?: boolean }) => `${p.total.toLocaleString('en-US')}${p.totalExact === false ? '+' : ''}`;

/**
 * "Page 2 of 5 (230)" with previous/next links that keep the other parameters; "Page 2 of 500+
 * (10,000+)" when the total is a lower bound, where the next page is always offered.
 */
export function pager(path: string, params: Record<string, string | number | undefined>, p: { page: number; limit: number; total: number; totalExact?: boolean }, name = 'page'): string {
  const exact = p.totalExact !== false;
  const pages = Math.max(1, Math.ceil(p.total / p.limit));
  const link = (n: number, text: string, rel: string) => `<a rel="${rel}" href="${esc(path + queryString({ ...params, [name]: n === 1 ? undefined : n }))}">${text}</a>`;
  const next = exact ? p.page < pages : true;
  return `<div class="pager"><span>Page ${p.page} of ${pages.toLocaleString('en-US')}${exact ? '' : '+'} (${totalText(p)})</span>${p.page > 1 ? link(p.page - 1, '← previous', 'prev') : ''}${next ? link(p.page + 1, 'next →', 'next') : ''}</div>`;
}

export interface FilterField {
  name: string;
  label: string;
  type?: 'text' | 'date' | 'search';
  placeholder?: string;
}

export const FILTER_FIELDS: Record<string, FilterField> = {
  q: { name: 'q', label: 'Words', type: 'search', placeholder: 'hostages release' },
  from: { name: 'from', label: 'From', type: 'date' },
  to: { name: 'to', label: 'To', type: 'date' },
  outlet: { name: 'outlet', label: 'Outlet', placeholder: 'Al Jazeera' },
  speaker: { name: 'speaker', label: 'Speaker', placeholder: 'Israeli army' },
  subject: { name: 'subject', label: 'Subject', placeholder: 'hostages' },
  about: { name: 'about', label: 'Subject', placeholder: 'hostages' },
};

/** A GET form over `fields`, filled with the current values; hidden inputs keep the rest. */
export function filterForm(action: string, fields: string[], values: Record<string, string | number | undefined>, hidden: string[] = []): string {
  const inputs = fields
    .map((f) => {
      const d = FILTER_FIELDS[f]!;
      return `<label>${d.label}<input name="${d.name}" type="${d.type ?? 'text'}" value="${esc(values[f] ?? '')}"${d.placeholder ? ` placeholder="${esc(d.placeholder)}"` : ''}></label>`;
    })
    .join('');
  const keep = hidden
    .filter((h) => values[h] !== undefined && values[h] !== '')
    .map((h) => `<input type="hidden" name="${h}" value="${esc(values[h])}">`)
    .join('');
  return `<form class="filters" method="get" action="${action}" role="search">${inputs}${keep}<button type="submit">Show</button></form>`;
}

/** Links to the CSV and JSON Lines exports of a list, with its filter. */
export function exportLinks(kind: 'claims' | 'events' | 'figures', params: Record<string, string | number | undefined>): string {
  const q = queryString(params);
  return `<p class="exports">Export ${kind} with this filter: <a href="/export/${kind}.csv${esc(q)}" download>CSV</a> · <a href="/export/${kind}.jsonl${esc(q)}" download>JSON Lines</a></p>`;
}
