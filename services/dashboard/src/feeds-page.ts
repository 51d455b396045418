import { feedHealth, type Feed } from '@newsline/db';
import { esc, externalLink, page, when } from './html.js';

/** The feeds and their polling state, as one server-rendered page. */
export function feedsPage(feeds: Feed[]): string {
  const rows = feeds
    .map(
      (f) => `<tr class="${feedHealth(f)}">
  <td>${f.id}</td><td class="health">${feedHealth(f)}</td>
  <td>${externalLink(f.url, f.title ?? f.url)}<div class="url">${esc(f.url)}</div></td>
  <td>${when(f.last_polled_at)}</td><td>${when(f.next_poll_at)}<div class="why">${esc(f.schedule_reason ?? '')}</div></td>
  <td>${f.failure_count}</td><td>${f.last_status ?? '—'}</td><td>${f.last_new_entries ?? '—'}</td>
  <td class="error">${esc(f.last_error ?? '')}</td>
</tr>`,
    )
    .join('\n');
  return page(
    'Feeds',
    `<h1>Feeds (${feeds.length})</h1>
${feeds.length === 0 ? '<p>No feeds yet: <code>pnpm newsline feeds add URL</code>.</p>' : `<div class="scroll"><table class="rows">
<thead><tr><th>id</th><th>health</th><th>feed</th><th>last poll</th><th>next poll</th><th>failures</th><th>status</th><th>new</th><th>last error</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`}`,
    '/feeds',
  );
}
