import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { ClaimsView, type ClaimView } from './repositories/claims-view.js';
import { EventsView, formatFigure, type EventView, type FigureView } from './repositories/events-view.js';
import type { ReadFilter } from './repositories/read-filter.js';
import type { EventKind } from './schema.js';

export const EXPORT_KINDS = ['claims', 'events', 'figures'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Cell = string | number | null | undefined;
type Columns<T> = [header: string, value: (row: T) => Cell][];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const CLAIM_COLUMNS: Columns<ClaimView> = [
  ['id', (c) => c.id],
  ['article_id', (c) => c.articleId],
  ['story_id', (c) => c.storyId],
  ['claimed_on', (c) => c.claimedOn],
  ['speaker', (c) => c.speaker],
  ['cue', (c) => c.cue],
  ['content', (c) => c.content],
  ['figures', (c) => c.quantities.map((q) => `${q.text}${q.subject ? ` (${q.subject})` : ''}`).join('; ')],
  ['event_ids', (c) => c.eventIds.join(' ')],
  ['publisher', (c) => c.publisher],
  ['article_title', (c) => c.articleTitle],
  ['published_at', (c) => iso(c.publishedAt)],
  ['start', (c) => c.start],
  ['end', (c) => c.end],
];

const EVENT_COLUMNS: Columns<EventView> = [
  ['id', (e) => e.id],
  ['kind', (e) => e.kind],
  ['occurred_on', (e) => e.occurredOn],
  ['actor', (e) => e.actor],
  ['subject', (e) => e.subject],
  ['place', (e) => e.place],
  ['figure', (e) => e.figure],
  ['value', (e) => e.value],
  ['low', (e) => e.low],
  ['high', (e) => e.high],
  ['qualifier', (e) => e.qualifier],
  ['content', (e) => e.content],
  ['mentions', (e) => e.mentions],
  ['article_ids', (e) => e.articleIds.join(' ')],
];

const FIGURE_COLUMNS: Columns<FigureView> = [
  ['event_id', (f) => f.eventId],
  ['claim_id', (f) => f.claimId],
  ['article_id', (f) => f.articleId],
  ['story_id', (f) => f.storyId],
  ['occurred_on', (f) => f.occurredOn],
  ['according_to', (f) => f.actor],
  ['subject', (f) => f.subject],
  ['figure', (f) => formatFigure(f)],
  ['value', (f) => f.value],
  ['low', (f) => f.low],
  ['high', (f) => f.high],
  ['qualifier', (f) => f.qualifier],
  ['wording', (f) => f.wording],
  ['claim', (f) => f.claimText],
  ['publisher', (f) => f.publisher],
  ['article_title', (f) => f.articleTitle],
  ['published_at', (f) => iso(f.publishedAt)],
  ['url', (f) => f.url],
];

/**
 * One CSV field (RFC 4180 quoting). Text that a spreadsheet would run as a formula (=, +, -, @
 * first) is prefixed with a quote mark; numbers are written as they are.
 */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

async function* lines<T>(rows: AsyncIterable<T>, columns: Columns<T>, format: ExportFormat, json: (row: T) => unknown): AsyncGenerator<string> {
  if (format === 'csv') yield `${columns.map(([h]) => h).join(',')}\r\n`;
  for await (const row of rows) {
    yield format === 'csv' ? `${columns.map(([, get]) => csvField(get(row))).join(',')}\r\n` : `${JSON.stringify(json(row))}\n`;
  }
}

/**
 * Claims, events or figure mentions matching a filter as CSV (with a header line) or JSON Lines,
 * one line at a time: rows are read from Postgres in batches, so any size streams in bounded memory.
 */
export function exportLines(db: Kysely<Database>, kind: ExportKind, format: ExportFormat, filter: ReadFilter & { kind?: EventKind | undefined }): AsyncGenerator<string> {
  switch (kind) {
    case 'claims':
      return lines(new ClaimsView(db).stream(filter), CLAIM_COLUMNS, format, (c) => c);
    case 'events':
      return lines(new EventsView(db).stream(filter), EVENT_COLUMNS, format, (e) => e);
    case 'figures':
      return lines(new EventsView(db).streamFigures(filter), FIGURE_COLUMNS, format, (f) => f);
  }
}
