import { sql, type Kysely, type RawBuilder } from 'kysely';
import { singular } from '@newsline/formats';

/**
 * What a reader narrows a list to. Every field is optional; dates are inclusive days
 * (YYYY-MM-DD, UTC). The same filter drives the pages, the JSON API, the exports and the CLI.
 */
export interface ReadFilter {
  /** Full-text query (web-search syntax: words, "a phrase", -not, or). */
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Part of the outlet's name, any case. */
  outlet?: string | undefined;
  /** Part of the speaker's (or a figure's source's) name, any case. */
  speaker?: string | undefined;
  /** What a figure counts ("hostages" matches "hostage"). */
  subject?: string | undefined;
  story?: number | undefined;
  article?: number | undefined;
}

export interface PageRequest {
  /** 1-based. */
  page: number;
  limit: number;
}

export interface Paged<T> {
  items: T[];
  /** How many match: exact when `totalExact`, else a lower bound (`COUNT_CAP`: "10,000+"). */
  total: number;
  totalExact: boolean;
  page: number;
  limit: number;
}

/**
 * The most rows a list counts for its total. A large store's lists stop counting here, so a first
 * page reads about this many rows at most, not the whole table.
 */
export const COUNT_CAP = 10_000;

/**
 * The total of a paged list whose matching rows `matching` selects (any columns, no order): known
 * from the page itself when the page is its last, else counted up to `COUNT_CAP`.
 */
export async function cappedTotal(db: Kysely<any>, matching: RawBuilder<unknown>, page: PageRequest, onPage: number): Promise<{ total: number; totalExact: boolean }> {
  if (onPage > 0 && onPage < page.limit) return { total: offsetOf(page) + onPage, totalExact: true };
  if (onPage === 0 && page.page === 1) return { total: 0, totalExact: true };
  const r = await sql<{ n: number }>`select count(*)::int as n from (${matching} limit ${COUNT_CAP + 1}) m`.execute(db);
  const n = r.rows[0]?.n ?? 0;
  return n > COUNT_CAP ? { total: COUNT_CAP, totalExact: false } : { total: n, totalExact: true };
}

/** The full-text documents; identical to the expressions of the GIN indexes (migration 2026-12-07T17). */
export const ARTICLE_TSV = (alias: string) =>
  sql.raw(`(setweight(to_tsvector('english'::regconfig, coalesce(${alias}.title, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(${alias}.text, '')), 'B'))`);
export const CLAIM_TSV = (alias: string) => sql.raw(`to_tsvector('english'::regconfig, coalesce(${alias}.speaker, '') || ' ' || ${alias}.content)`);
export const tsQuery = (q: string) => sql`websearch_to_tsquery('english'::regconfig, ${q})`;

/** The words a subject query matches: the phrase, each word, and each word's singular. */
export function subjectTerms(about: string): string[] {
  const phrase = about.trim().toLowerCase();
  if (!phrase) throw new Error('a subject is needed, e.g. hostages');
  const words = phrase.split(/\s+/).filter((w) => w.length > 2);
  return [...new Set([phrase, ...words, ...words.map(singular)])];
}

/** LIKE patterns (escaped) for "contains any of these terms". */
export const likePatterns = (terms: string[]) => terms.map((t) => `%${t.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
export const containsPattern = (s: string) => likePatterns([s.trim()])[0]!;

/** `a and b and c`, or `true` when there is nothing to check. */
export function allOf(conds: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conds.length ? sql`(${sql.join(conds, sql` and `)})` : sql`true`;
}

/** Offset of a page. */
export const offsetOf = (p: PageRequest) => (p.page - 1) * p.limit;

/**
 * Reads a query in batches, each after the last row of the one before (keyset paging), so an
 * export of any size holds one batch in memory.
 */
export async function* inBatches<T, K>(fetch: (after: K | null, size: number) => Promise<T[]>, keyOf: (row: T) => K, size = 500): AsyncGenerator<T> {
  let after: K | null = null;
  for (;;) {
    const rows = await fetch(after, size);
    for (const r of rows) yield r;
    if (rows.length < size) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}
