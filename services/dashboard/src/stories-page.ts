import type { StoryArticleView, StoryView } from '@newsline/db';
import { esc, page, when } from './html.js';

const storyTitle = (s: StoryView): string => s.title || `Story ${s.id}`;

/** The latest stories: span, articles, copies and outlets. */
export function storiesPage(stories: StoryView[]): string {
  const rows = stories
    .map(
      (s) => `<tr>
  <td>${s.id}</td><td><a href="/stories/${s.id}">${esc(storyTitle(s))}</a></td>
  <td>${when(s.firstSeenAt)}</td><td>${when(s.lastSeenAt)}</td>
  <td class="n">${s.articles}</td><td class="n">${s.duplicates}</td><td>${esc(s.outlets.join(', '))}</td>
</tr>`,
    )
    .join('\n');
  return page(
    'stories',
    `<h1>Stories (latest ${stories.length})</h1>
${stories.length === 0 ? '<p>No stories yet: articles are grouped into stories after deduplication.</p>' : `<table>
<thead><tr><th>id</th><th>story</th><th>first seen</th><th>last seen</th><th>articles</th><th>copies</th><th>outlets</th></tr></thead>
<tbody>
${rows}
</tbody></table>`}`,
    'td.n{text-align:right}',
  );
}

/** One story: its articles (originals first) and the copies of each. */
export function storyPage(story: StoryView, articles: StoryArticleView[]): string {
  const rows = articles
    .map(
      (a) => `<tr class="${a.duplicateOf === null ? 'original' : 'copy'}">
  <td>${a.id}</td><td>${a.url ? `<a href="${esc(a.url)}">${esc(a.title || a.url)}</a>` : esc(a.title ?? '—')}${a.titleFromText ? ' <span class="from-text" title="the article has no headline: its first sentence">(first sentence)</span>' : ''}</td>
  <td>${esc(a.publisher ?? '—')}</td><td>${when(a.publishedAt)}</td>
  <td>${a.duplicateOf === null ? 'original' : `copy of ${a.duplicateOf}`}</td><td>${esc(a.status)}</td>
</tr>`,
    )
    .join('\n');
  return page(
    storyTitle(story),
    `<p><a href="/stories">← all stories</a></p>
<h1>${esc(storyTitle(story))}</h1>
<p>${story.articles} article${story.articles === 1 ? '' : 's'}, ${story.duplicates} cop${story.duplicates === 1 ? 'y' : 'ies'};
first seen ${when(story.firstSeenAt)}, last seen ${when(story.lastSeenAt)}; outlets: ${esc(story.outlets.join(', ') || '—')}.
Events: <code>pnpm newsline events --story ${story.id}</code></p>
<table>
<thead><tr><th>id</th><th>article</th><th>outlet</th><th>published</th><th>copy</th><th>status</th></tr></thead>
<tbody>
${rows}
</tbody></table>`,
    'tr.copy{color:#777}',
  );
}
