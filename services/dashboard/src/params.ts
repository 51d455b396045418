import type { EventKind, PageRequest, ReadFilter } from '@newsline/db';

/** A request parameter that is not what its route accepts; answered with 400 naming it. */
export class BadParameter extends Error {
  override name = 'BadParameter';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

type Kind = 'text' | 'date' | 'id' | 'page' | 'limit' | 'kind';

/** The parameters each list understands; anything else is refused by name. */
const SPECS = {
  q: 'text',
  from: 'date',
  to: 'date',
  outlet: 'text',
  speaker: 'text',
  subject: 'text',
  about: 'text',
  story: 'id',
  article: 'id',
  page: 'page',
  limit: 'limit',
  kind: 'kind',
  claim: 'id',
} satisfies Record<string, Kind>;
export type ParamName = keyof typeof SPECS;

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;

export interface Parsed {
  filter: ReadFilter & { kind?: EventKind | undefined };
  page: PageRequest;
  /** The accepted values as given (for forms and links). */
  values: Partial<Record<ParamName, string>>;
  claim?: number | undefined;
}

function one(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new BadParameter(name, 'given more than once');
  if (typeof raw !== 'string') throw new BadParameter(name, 'not a single value');
  const v = raw.trim();
  return v === '' ? undefined : v;
}

function positive(name: string, v: string, max: number): number {
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1) throw new BadParameter(name, `expected a whole number from 1, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n > max) throw new BadParameter(name, `at most ${max}, got ${n}`);
  return n;
}

function isoDay(name: string, v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(`${v}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new BadParameter(name, `expected a day as YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Reads a query string for a route that accepts `allowed`: every value checked, an unknown or
 * repeated parameter refused, empty values (a blank form field) ignored.
 */
export function parseQuery(query: unknown, allowed: readonly ParamName[]): Parsed {
  const q = (query ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(q)) {
    if (!(allowed as readonly string[]).includes(k)) throw new BadParameter(k, `unknown parameter; this route takes ${allowed.join(', ') || 'none'}`);
  }
  const filter: Parsed['filter'] = {};
  const values: Parsed['values'] = {};
  const page: PageRequest = { page: 1, limit: DEFAULT_LIMIT };
  let claim: number | undefined;
  for (const name of allowed) {
    const v = one(name, q[name]);
    if (v === undefined) continue;
    values[name] = v;
    switch (SPECS[name] as Kind) {
      case 'text':
        if (v.length > 200) throw new BadParameter(name, `at most 200 characters, got ${v.length}`);
        if (name === 'about') filter.subject = v;
        else (filter as Record<string, unknown>)[name] = v;
        break;
      case 'date':
        (filter as Record<string, unknown>)[name] = isoDay(name, v);
        break;
      case 'id':
        if (name === 'claim') claim = positive(name, v, Number.MAX_SAFE_INTEGER);
        else (filter as Record<string, unknown>)[name] = positive(name, v, 2 ** 53 - 1);
        break;
      case 'page':
        page.page = positive(name, v, 100_000);
        break;
      case 'limit':
        page.limit = positive(name, v, MAX_LIMIT);
        break;
      case 'kind':
        if (v !== 'statement' && v !== 'figure') throw new BadParameter(name, `expected statement or figure, got ${JSON.stringify(v)}`);
        filter.kind = v;
        break;
    }
  }
  if (filter.from && filter.to && filter.from > filter.to) throw new BadParameter('to', `${filter.to} is before from=${filter.from}`);
  return { filter, page, values, claim };
}

/** A path id: a positive whole number, else 400 naming `name`. */
export function parseId(name: string, raw: string): number {
  return positive(name, raw, 2 ** 53 - 1);
}

export const LIST_FILTERS = ['q', 'from', 'to', 'outlet', 'speaker', 'subject', 'story', 'article', 'page', 'limit'] as const satisfies readonly ParamName[];
