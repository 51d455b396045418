import type { ArticleView, ClaimView, EventView, Paged, SearchResults } from '@newsline/db';
import { day, esc, externalLink, exportLinks, filterForm, page, pager, totalText, when } from './html.js';

const claimHref = (c: Pick<ClaimView, 'id' | 'articleId'>) => `/articles/${c.articleId}?claim=${c.id}#claim-${c.id}`;

/** Claims as a list: speaker, cue, content (linked to the sentence in its article), figures. */
export function claimList(claims: ClaimView[], opts: { showArticle?: boolean; current?: number | undefined } = {}): string {
  if (claims.length === 0) return '<p>No claims.</p>';
  const items = claims.map((c) => {
    const figures = c.quantities.length ? ` <span class="muted">figures: ${c.quantities.map((q) => esc(q.text)).join(', ')}</span>` : '';
    const where = opts.showArticle
      ? `<div class="muted">${esc(c.claimedOn ?? '')} · <a href="/articles/${c.articleId}">${esc(c.articleTitle)}</a>${c.publisher ? ` · ${esc(c.publisher)}` : ''}</div>`
      : `<div class="muted">${esc(c.claimedOn ?? '')}</div>`;
    return `<li${opts.current === c.id ? ' class="current"' : ''}><span class="speaker">${esc(c.speaker ?? '(unattributed)')}</span> <span class="cue">${esc(c.cue ?? '')}</span>
<a href="${claimHref(c)}">${esc(c.content)}</a>${figures}${where}</li>`;
  });
  return `<ul class="claims">${items.join('\n')}</ul>`;
}

/** Events as a table: day, kind, who, what, mentions (the first linked to its sentence). */
export function eventsTable(events: EventView[]): string {
  if (events.length === 0) return '<p>No events.</p>';
  const rows = events.map(
    (e) => `<tr><td>${esc(e.occurredOn ?? '—')}</td><td>${e.kind}</td><td>${esc(e.actor ?? '(the article)')}</td>
  <td>${e.kind === 'figure' ? `<strong>${esc(e.figure)}</strong> ${esc(e.subject ?? '')}` : esc(e.content ?? '')}</td>
  <td class="n"><a href="/articles/${e.articleId}?claim=${e.claimId}#claim-${e.claimId}">${e.mentions} mention${e.mentions === 1 ? '' : 's'}</a></td></tr>`,
  );
  return `<div class="scroll"><table class="rows"><thead><tr><th>date</th><th>kind</th><th>who</th><th>what</th><th>in</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

interface Span {
  start: number;
  end: number;
  claims: number[];
}

const SENTENCE_END = /[.!?]["”’)\]]*$/;

/** Widens [start, end) to the sentence(s) around it, never past a line break. */
function sentenceAround(text: string, start: number, end: number): [number, number] {
  let s = Math.max(0, Math.min(start, text.length));
  while (s > 0 && text[s - 1] !== '\n' && !(/\s/.test(text[s - 1]!) && SENTENCE_END.test(text.slice(Math.max(0, s - 4), s - 1)))) s--;
  let e = Math.max(s, Math.min(end, text.length));
  while (e < text.length && text[e] !== '\n' && !(SENTENCE_END.test(text.slice(Math.max(0, e - 3), e)) && /\s/.test(text[e]!))) e++;
  return [s, e];
}

/**
 * The article's text with every claim's sentence marked; each claim has an anchor
 * (`#claim-ID`) and the one asked for (`?claim=ID`) is highlighted.
 */
export function highlightedText(text: string, claims: ClaimView[], current?: number): string {
  const spans: Span[] = [];
  for (const c of [...claims].sort((a, b) => a.start - b.start)) {
    const [s, e] = sentenceAround(text, c.start, c.end);
    const last = spans[spans.length - 1];
    if (last && s < last.end) {
      last.end = Math.max(last.end, e);
      last.claims.push(c.id);
    } else spans.push({ start: s, end: e, claims: [c.id] });
  }
  let out = '';
  let at = 0;
  for (const sp of spans) {
    out += esc(text.slice(at, sp.start));
    const anchors = sp.claims.map((id) => `<span id="claim-${id}"></span>`).join('');
    const cls = current !== undefined && sp.claims.includes(current) ? 'claim current' : 'claim';
    out += `<mark class="${cls}" data-claims="${sp.claims.join(' ')}">${anchors}${esc(text.slice(sp.start, sp.end))}</mark>`;
    at = sp.end;
  }
  return out + esc(text.slice(at));
}

/** One article: source, dates, a link to the original, its text with its claims' sentences marked, its claims. */
export function articlePage(a: ArticleView, claims: ClaimView[], current?: number): string {
  const meta: [string, string][] = [
    ['outlet', esc(a.publisher ?? '—')],
    ['published', when(a.publishedAt)],
    ...(a.modifiedAt ? ([['modified', when(a.modifiedAt)]] as [string, string][]) : []),
    ['stored', when(a.storedAt)],
    ...(a.fetchedAt ? ([['fetched', when(a.fetchedAt)]] as [string, string][]) : []),
    ...(a.byline ? ([['byline', esc(a.byline)]] as [string, string][]) : []),
    ['original', externalLink(a.url)],
    ['story', a.storyId ? `<a href="/stories/${a.storyId}">story ${a.storyId}</a>` : '—'],
    ['status', `${esc(a.status)}${a.duplicateOf ? ` (copy of <a href="/articles/${a.duplicateOf}">article ${a.duplicateOf}</a>)` : ''}${a.lastError ? ` <span class="error">${esc(a.lastError)}</span>` : ''}`],
    ['source', `<span class="muted">${esc(a.sourceKey)}</span>`],
  ];
  return page(
    a.title,
    `${a.storyId ? `<p><a href="/stories/${a.storyId}">← story ${a.storyId}</a></p>` : ''}
<h1>${esc(a.title)}</h1>
${a.titled ? '' : '<p class="muted">This article has no headline; its first sentence stands for one.</p>'}
<dl class="meta">${meta.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<h2 id="text">Text</h2>
<div class="article-text">${highlightedText(a.text, claims, current)}</div>
<h2 id="claims">Claims (${claims.length})</h2>
${claimList(claims, { current })}
${exportLinks('claims', { article: a.id })}`,
    '',
  );
}

/** Every claim, filtered and paged. */
export function claimsPage(claims: Paged<ClaimView>, values: Record<string, string | undefined>): string {
  return page(
    'Claims',
    `<h1>Claims</h1>
${filterForm('/claims', ['q', 'speaker', 'subject', 'outlet', 'from', 'to'], values, ['story', 'article', 'limit'])}
${values.story ? `<p>In <a href="/stories/${esc(values.story)}">story ${esc(values.story)}</a>.</p>` : ''}
${exportLinks('claims', withoutPaging(values))}
${claimList(claims.items, { showArticle: true })}
${pager('/claims', values, claims)}`,
    '/claims',
  );
}

/** Every event, filtered and paged. */
export function eventsPage(events: Paged<EventView>, values: Record<string, string | undefined>): string {
  return page(
    'Events',
    `<h1>Events</h1>
${filterForm('/events', ['q', 'speaker', 'subject', 'outlet', 'from', 'to'], values, ['story', 'article', 'kind', 'limit'])}
${values.story ? `<p>In <a href="/stories/${esc(values.story)}">story ${esc(values.story)}</a>.</p>` : ''}
${exportLinks('events', withoutPaging(values))}
${eventsTable(events.items)}
${pager('/events', values, events)}`,
    '/events',
  );
}

/** Turns the \u0001…\u0002 match markers of a snippet into <mark>, escaping the rest. */
function snippetHtml(s: string | null): string {
  if (!s) return '';
  return esc(s).replace(/\u0001/g, '<mark>').replace(/\u0002/g, '</mark>');
}

/** Full-text search over articles and claims, with filters. */
export function searchPage(results: SearchResults | null, values: Record<string, string | undefined>): string {
  const form = filterForm('/search', ['q', 'speaker', 'subject', 'outlet', 'from', 'to'], values, ['limit']);
  if (!results) return page('Search', `<h1>Search</h1>${form}<p>Search the articles and the claims: words, "a phrase", -without, or.</p>`, '/search');
  const { articles, claims } = results;
  const articleRows = articles.items
    .map(
      (a) => `<li><a href="/articles/${a.id}">${esc(a.title)}</a> <span class="muted">${esc(a.publisher ?? '')} · ${day(a.publishedAt)}${a.storyId ? ` · <a href="/stories/${a.storyId}">story ${a.storyId}</a>` : ''}</span>
<div>${snippetHtml(a.snippet)}</div></li>`,
    )
    .join('\n');
  return page(
    values.q ? `Search: ${values.q}` : 'Search',
    `<h1>Search</h1>
${form}
<h2 id="articles">Articles (${totalText(articles)})</h2>
${articles.items.length ? `<ul class="claims">${articleRows}</ul>` : '<p>No article matches.</p>'}
${pager('/search', values, articles)}
<h2 id="claims">Claims (${totalText(claims)})</h2>
${claimList(claims.items, { showArticle: true })}
${pager('/search', values, claims)}
${exportLinks('claims', withoutPaging(values))}`,
    '/search',
  );
}

export function withoutPaging(values: Record<string, string | undefined>): Record<string, string | undefined> {
  const { page: _p, limit: _l, ...rest } = values;
  return rest;
}

/** A page for what does not exist, with the way back. */
export function notFoundPage(what: string): string {
  return page(
    'Not found',
    `<h1>Not found</h1><p class="notfound">${esc(what)}</p><p>Try the <a href="/stories">stories</a>, <a href="/search">search</a>, or the <a href="/queues">queues</a>.</p>`,
  );
}

/** A page for a request that cannot be answered as asked (a bad parameter). */
export function badRequestPage(message: string): string {
  return page('Bad request', `<h1>Bad request</h1><p class="error">${esc(message)}</p><p><a href="/stories">Stories</a> · <a href="/search">Search</a></p>`);
}
