import { feedHealth, type Feed } from '@newsline/db';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC') : '—');

/** The feeds and their polling state, as one server-rendered page. */
export function feedsPage(feeds: Feed[]): string {
  const rows = feeds
    .map(
      (f) => `<tr class="${feedHealth(f)}">
  <td>${f.id}</td><td class="health">${feedHealth(f)}</td>
  <td><a href="${esc(f.url)}">${esc(f.title ?? f.url)}</a><div class="url">${esc(f.url)}</div></td>
  <td>${when(f.last_polled_at)}</td><td>${when(f.next_poll_at)}<div class="why">${esc(f.schedule_reason ?? '')}</div></td>
  <td>${f.failure_count}</td><td>${f.last_status ?? '—'}</td><td>${f.last_new_entries ?? '—'}</td>
  <td class="error">${esc(f.last_error ?? '')}</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Newsline — feeds</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{padding:.4rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.url,.why{color:#777;font-size:12px}.error{color:#a00;max-width:30rem}
tr.failing .health{color:#a00;font-weight:bold}tr.ok .health{color:#070}
nav a{margin-right:1rem}
</style></head><body>
<nav><a href="/queues">Queues</a><a href="/feeds">Feeds</a></nav>
<h1>Feeds (${feeds.length})</h1>
${feeds.length === 0 ? '<p>No feeds yet: <code>pnpm newsline feeds add URL</code>.</p>' : `<table>
<thead><tr><th>id</th><th>health</th><th>feed</th><th>last poll</th><th>next poll</th><th>failures</th><th>status</th><th>new</th><th>last error</th></tr></thead>
<tbody>
${rows}
</tbody></table>`}
</body></html>`;
}
