import type { ArticleListItem, ClaimView, EventView, FigureView, Paged, StoryView } from '@newsline/db';
import { day, esc, externalLink, exportLinks, filterForm, page, pager, totalText } from './html.js';
import { claimList, eventsTable } from './reading-pages.js';

const storyTitle = (s: StoryView): string => s.title || `Story ${s.id}`;

/** The stories, newest first, with a search over their articles and paging. */
export function storiesPage(stories: Paged<StoryView>, values: Record<string, string | undefined>): string {
  const rows = stories.items
    .map(
      (s) => `<tr>
  <td>${s.id}</td><td><a href="/stories/${s.id}">${esc(storyTitle(s))}</a></td>
  <td>${day(s.firstSeenAt)}</td><td>${day(s.lastSeenAt)}</td>
  <td class="n">${s.articles}</td><td class="n">${s.duplicates}</td><td>${esc(s.outlets.join(', '))}</td>
</tr>`,
    )
    .join('\n');
  const filtered = Object.entries(values).some(([k, v]) => v && k !== 'page' && k !== 'limit');
  const empty = filtered ? '<p>No story has an article that matches.</p>' : '<p>No stories yet: articles are grouped into stories after deduplication.</p>';
  return page(
    'Stories',
    `<h1>Stories</h1>
${filterForm('/stories', ['q', 'outlet', 'from', 'to'], values, ['limit'])}
${stories.items.length === 0 ? empty : `<div class="scroll"><table class="rows">
<thead><tr><th>id</th><th>story</th><th>first seen</th><th>last seen</th><th>articles</th><th>copies</th><th>outlets</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`}
${pager('/stories', values, stories)}`,
    '/stories',
  );
}

export interface StoryPageData {
  story: StoryView;
  articles: ArticleListItem[];
  claims: Paged<ClaimView>;
  events: Paged<EventView>;
  figures: FigureView[];
}

/** One story: its articles (titled, linked to their pages), claims, events and figures. */
export function storyPage({ story, articles, claims, events, figures }: StoryPageData): string {
  const rows = articles
    .map(
      (a) => `<tr class="${a.duplicateOf === null ? 'original' : 'copy'}">
  <td><a href="/articles/${a.id}">${esc(a.title)}</a>${a.titled ? '' : ' <span class="muted">(untitled: first sentence)</span>'}</td>
  <td>${esc(a.publisher ?? '—')}</td><td>${day(a.publishedAt)}</td><td class="n">${a.claims}</td>
  <td>${a.duplicateOf === null ? 'original' : `copy of <a href="/articles/${a.duplicateOf}">${a.duplicateOf}</a>`}</td>
  <td>${externalLink(a.url, 'original')}</td>
</tr>`,
    )
    .join('\n');
  const subjects = [...new Set(figures.map((f) => f.subject).filter((s): s is string => !!s))];
  const figureRows = figures
    .slice(0, 100)
    .map(
      (f) => `<tr><td>${esc(f.occurredOn ?? '—')}</td><td>${esc(f.actor ?? '(the article)')}</td>
  <td><a href="/articles/${f.articleId}?claim=${f.claimId}#claim-${f.claimId}">${esc(f.figure)}</a></td><td>${esc(f.subject ?? '')}</td><td>${esc(f.publisher ?? '')}</td></tr>`,
    )
    .join('\n');
  const sid = { story: story.id };
  return page(
    storyTitle(story),
    `<p><a href="/stories">← all stories</a></p>
<h1>${esc(storyTitle(story))}</h1>
<p>${story.articles} article${story.articles === 1 ? '' : 's'}, ${story.duplicates} cop${story.duplicates === 1 ? 'y' : 'ies'};
first seen ${day(story.firstSeenAt)}, last seen ${day(story.lastSeenAt)}; outlets: ${esc(story.outlets.join(', ') || '—')}.</p>
<h2 id="articles">Articles</h2>
<div class="scroll"><table class="rows">
<thead><tr><th>article</th><th>outlet</th><th>published</th><th>claims</th><th>copy</th><th>link</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
<h2 id="claims">Claims (${totalText(claims)})</h2>
${claimList(claims.items, { showArticle: true })}
${claims.total > claims.items.length ? `<p><a href="/claims?story=${story.id}">All ${totalText(claims)} claims of this story →</a></p>` : ''}
${exportLinks('claims', sid)}
<h2 id="events">Events (${events.total})</h2>
${eventsTable(events.items)}
${events.total > events.items.length ? `<p><a href="/events?story=${story.id}">All ${events.total} events of this story →</a></p>` : ''}
${exportLinks('events', sid)}
<h2 id="figures">Figures (${figures.length})</h2>
${subjects.length ? `<p>Charts: ${subjects.map((s) => `<a href="/figures?about=${encodeURIComponent(s)}&amp;story=${story.id}">${esc(s)}</a>`).join(' · ')}</p>` : ''}
${figures.length ? `<div class="scroll"><table class="rows"><thead><tr><th>date</th><th>according to</th><th>figure</th><th>counted</th><th>outlet</th></tr></thead><tbody>${figureRows}</tbody></table></div>` : '<p>No figures stated.</p>'}
${exportLinks('figures', sid)}`,
    '/stories',
  );
}
