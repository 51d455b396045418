import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { EXPORT_FORMATS, EXPORT_KINDS, exportLines, type ExportFormat, type ExportKind, type ReadFilter } from '@newsline/db';
import type { Runtime } from '@newsline/worker';

/** The command's options: the dashboard's filter (checked here), the format, the file and the event kind. */
export interface ExportOptions extends ReadFilter {
  format: string;
  out?: string | undefined;
  kind?: string | undefined;
}

function day(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new Error(`--${name}: expected a day as YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Checks the arguments of `newsline export` before anything is opened; errors name the bad one. */
export function exportArgs(what: string, o: ExportOptions): { kind: ExportKind; format: ExportFormat; filter: ReadFilter & { kind?: 'statement' | 'figure' } } {
  if (!(EXPORT_KINDS as readonly string[]).includes(what)) throw new Error(`export what? ${JSON.stringify(what)} is not one of ${EXPORT_KINDS.join(', ')}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new Error(`--format: expected ${EXPORT_FORMATS.join(' or ')}, got ${JSON.stringify(o.format)}`);
  if (o.kind !== undefined && (what !== 'events' || (o.kind !== 'statement' && o.kind !== 'figure'))) {
    throw new Error(`--kind: only for events, statement or figure; got ${JSON.stringify(o.kind)}`);
  }
  const filter = {
    q: o.q,
    from: day('from', o.from),
    to: day('to', o.to),
    outlet: o.outlet,
    speaker: o.speaker,
    subject: o.subject,
    story: o.story,
    article: o.article,
    kind: o.kind as 'statement' | 'figure' | undefined,
  };
  if (filter.from && filter.to && filter.from > filter.to) throw new Error(`--to: ${filter.to} is before --from ${filter.from}`);
  return { kind: what as ExportKind, format: o.format as ExportFormat, filter };
}

/**
 * `newsline export claims|events|figures`: the same rows as the dashboard's exports, streamed to
 * standard output (or --out FILE) as they are read, with backpressure, from DATABASE_READ_URL when
 * set. Returns the rows written.
 */
export async function exportCommand(rt: Runtime, args: ReturnType<typeof exportArgs>, out?: string): Promise<number> {
  const sink: Writable = out ? createWriteStream(out) : process.stdout;
  let rows = 0;
  try {
    for await (const line of exportLines(rt.readDb, args.kind, args.format, args.filter)) {
      rows++;
      if (!sink.write(line)) await once(sink, 'drain');
    }
  } finally {
    if (out) {
      sink.end();
      await once(sink, 'finish');
    }
  }
  return args.format === 'csv' ? rows - 1 : rows;
}
