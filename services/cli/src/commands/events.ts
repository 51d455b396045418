import { ArticlesRepository, EventsRepository, formatFigure, getStory, getStoryView, listStories, subjectTerms, type EventMentionView } from '@newsline/db';
import type { Runtime } from '@newsline/worker';

const day = (d: Date | string | null) => (d === null ? '—' : typeof d === 'string' ? d : d.toISOString().slice(0, 10));
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : clip(c, widths[i]!).padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

/** `newsline figures --about X`: every figure on a subject over time, by speaker and source. */
export async function figuresCommand(rt: Runtime, about: string, json: boolean): Promise<string> {
  const rows = await new EventsRepository(rt.db).figuresAbout(subjectTerms(about));
  if (json) return rows.map((r) => JSON.stringify(r)).join('\n');
  const unread = notAnalysedLines(await new ArticlesRepository(rt.db).notAnalysed());
  if (rows.length === 0) return [`No figures about ${JSON.stringify(about)}.`, ...unread].join('\n');
  const events = new Set(rows.map((r) => r.eventId)).size;
  const body = table(
    ['date', 'according to', 'figure', 'counted', 'event', 'source', 'wording'],
    rows.map((r) => [
      day(r.occurredOn),
      r.actor ?? '(the article)',
      formatFigure(r),
      r.subject ?? '',
      `#${r.eventId}`,
      `${r.publisher ?? r.url ?? `article ${r.articleId}`}, ${day(r.publishedAt)}`,
      // the figure's own words ("at least 240"), then the claim they stand in
      r.wording && r.wording !== r.claimText ? `${r.wording} — “${clip(r.claimText, 80)}”` : `“${clip(r.claimText, 90)}”`,
    ]),
  );
  return [`Figures about ${JSON.stringify(about)}: ${events} event(s), ${rows.length} mention(s)`, '', body, ...unread].join('\n');
}

/** Lines naming the articles the claims stage did not analyse (their figures are not above), or none. */
export function notAnalysedLines(articles: { id: number; title: string | null; publisher: string | null; note: string }[]): string[] {
  if (articles.length === 0) return [];
  return ['', `${articles.length} article(s) not analysed, so not counted above:`, ...articles.map((a) => `  article ${a.id}${a.publisher ? `, ${a.publisher}` : ''}${a.title ? ` “${clip(a.title, 60)}”` : ''}: ${a.note}`)];
}

/** `newsline events --story ID`: the story's events, each with the articles that mention it. */
export async function eventsCommand(rt: Runtime, storyId: number, json: boolean): Promise<string> {
  const story = await getStoryView(rt.db, storyId);
  if (!story) throw new Error(`no story ${storyId}`);
  const rows = await new EventsRepository(rt.db).forStory(story.id);
  if (json) return rows.map((r) => JSON.stringify(r)).join('\n');
  const byEvent = new Map<number, EventMentionView[]>();
  for (const r of rows) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r]);
  const lines = [`Story ${story.id}: ${story.title ?? '(untitled)'} — ${story.articles} article(s), ${day(story.firstSeenAt)} to ${day(story.lastSeenAt)}`, `${byEvent.size} event(s)`, ''];
  for (const [id, mentions] of byEvent) {
    const e = mentions[0]!;
    const what = e.kind === 'figure' ? `${formatFigure(e)} ${e.subject ?? ''}`.trim() : `“${clip(e.content ?? e.claimText, 100)}”`;
    lines.push(`#${id} ${e.kind} ${day(e.occurredOn)}  ${e.actor ?? '(the article)'}: ${what}  [${mentions.length} mention(s)]`);
    for (const m of mentions) lines.push(`    ${m.publisher ?? m.url ?? `article ${m.articleId}`}, ${day(m.publishedAt)} — article ${m.articleId} @${m.start}-${m.end}`);
  }
  lines.push(...notAnalysedLines(await new ArticlesRepository(rt.db).notAnalysed(story.id)));
  return lines.join('\n');
}

/** `newsline stories`: the latest stories with their articles, duplicates and outlets. */
export async function storiesCommand(rt: Runtime, limit: number, json: boolean): Promise<string> {
  const stories = await listStories(rt.db, limit);
  if (json) return stories.map((s) => JSON.stringify(s)).join('\n');
  if (stories.length === 0) return 'No stories yet.';
  return table(
    ['id', 'first seen', 'last seen', 'articles', 'copies', 'title', 'outlets'],
    stories.map((s) => [String(s.id), day(s.firstSeenAt), day(s.lastSeenAt), String(s.articles), String(s.duplicates), s.title ?? '', s.outlets.join('; ')]),
  );
}

/** One story: its span and outlets, then its articles (originals first) and copies. */
export async function storyCommand(rt: Runtime, id: number, json: boolean): Promise<string> {
  const found = await getStory(rt.db, id);
  if (!found) throw new Error(`no story ${id} (see \`newsline stories\`)`);
  const { story, articles } = found;
  if (json) return [JSON.stringify(story), ...articles.map((a) => JSON.stringify(a))].join('\n');
  const head = `Story ${story.id}${story.title ? `: ${story.title}` : ''} — ${story.articles} articles, ${story.duplicates} copies, ${day(story.firstSeenAt)} to ${day(story.lastSeenAt)}`;
  return `${head}\n${table(
    ['id', 'published', 'outlet', 'copy of', 'title / URL'],
    articles.map((a) => [String(a.id), day(a.publishedAt), clip(a.publisher ?? '', 30), a.duplicateOf === null ? '' : String(a.duplicateOf), clip(a.title || a.url || '', 80)]),
  )}`;
}
