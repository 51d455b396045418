// Small helpers shared by the server-rendered pages.

export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const when = (d: Date | null): string => (d ? d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC') : '—');

/** A whole page: the common style and navigation around `body`. */
export function page(title: string, body: string, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Newsline — ${esc(title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{padding:.4rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.url,.why{color:#777;font-size:12px}.error{color:#a00;max-width:30rem}
nav a{margin-right:1rem}
${extraStyle}
</style></head><body>
<nav><a href="/queues">Queues</a><a href="/feeds">Feeds</a><a href="/stories">Stories</a></nav>
${body}
</body></html>`;
}
