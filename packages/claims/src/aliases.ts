// Entity alias table: a default JSON file shipped with the package, extended by an operator file.
import { readJsonFile } from './data-file.js';
import type { AliasEntry, AliasTable } from './types.js';

const KINDS = new Set<AliasEntry['kind']>(['person', 'organization', 'government', 'place']);
export const DEFAULT_ALIASES_FILE = new URL('../data/aliases.json', import.meta.url);

/** Validates a parsed alias file (an array of entries, or `{ "entities": [...] }`). */
export function parseAliasTable(data: unknown, source: string): AliasTable {
  const list = Array.isArray(data) ? data : (data as { entities?: unknown } | null)?.entities;
  if (!Array.isArray(list)) throw new Error(`alias file ${source}: expected an array of entries or { "entities": [...] }`);
  return list.map((e: unknown, i: number) => {
    const o = e as Partial<AliasEntry> | null;
    if (!o || typeof o.canonical !== 'string' || !o.canonical.trim()) throw new Error(`alias file ${source}: entry ${i} has no canonical name`);
    if (!o.kind || !KINDS.has(o.kind)) throw new Error(`alias file ${source}: entry ${i} (${o.canonical}) has kind ${JSON.stringify(o.kind)}; expected person, organization, government or place`);
    if (o.aliases !== undefined && (!Array.isArray(o.aliases) || o.aliases.some((a) => typeof a !== 'string'))) {
      throw new Error(`alias file ${source}: entry ${i} (${o.canonical}) aliases must be an array of strings`);
    }
    if (o.actsFor !== undefined && typeof o.actsFor !== 'string') throw new Error(`alias file ${source}: entry ${i} (${o.canonical}) actsFor must be a string`);
    const entry: AliasEntry = { canonical: o.canonical, kind: o.kind, aliases: o.aliases ?? [] };
    if (o.actsFor) entry.actsFor = o.actsFor;
    return entry;
  });
}

function readTable(file: string | URL): AliasTable {
  const { data, name } = readJsonFile(file, 'alias file');
  return parseAliasTable(data, name);
}

/** Merges an override table over a base one: an entry with the same canonical name replaces the base entry. */
export function mergeAliases(base: AliasTable, over: AliasTable): AliasTable {
  const byName = new Map(base.map((e) => [e.canonical.toLowerCase(), e]));
  for (const e of over) byName.set(e.canonical.toLowerCase(), e);
  return [...byName.values()];
}

let defaults: AliasTable | null = null;
/** The default table shipped with the package. */
export function defaultAliases(): AliasTable {
  defaults ??= readTable(DEFAULT_ALIASES_FILE);
  return defaults;
}

/** The default alias table, with the operator's file (if given) merged over it. Errors name the file. */
export function loadAliases(file?: string): AliasTable {
  const base = defaultAliases();
  if (!file) return base;
  return mergeAliases(base, readTable(file));
}

const norm = (s: string): string => s.toLowerCase().replace(/[’']/g, "'").replace(/^the\s+/, '').replace(/\s+/g, ' ').trim();

export interface AliasIndex {
  lookup(mention: string): AliasEntry | null;
  byCanonical(name: string): AliasEntry | null;
}

const cache = new WeakMap<AliasTable, AliasIndex>();
/** An index for whole-mention lookups (case-insensitive, a leading "the" ignored). */
export function aliasIndex(table: AliasTable): AliasIndex {
  const hit = cache.get(table);
  if (hit) return hit;
  const map = new Map<string, AliasEntry>();
  const canon = new Map<string, AliasEntry>();
  for (const e of table) {
    canon.set(norm(e.canonical), e);
    map.set(norm(e.canonical), e);
    for (const a of e.aliases) {
      const k = norm(a);
      // all-caps acronyms match only as written ("US", not "us")
      if (!map.has(k)) map.set(k, e);
    }
  }
  const acronyms = new Set(table.flatMap((e) => e.aliases.filter((a) => /^[A-Z.]{2,5}$/.test(a)).map(norm)));
  const idx: AliasIndex = {
    lookup(mention) {
      const k = norm(mention);
      const e = map.get(k);
      if (!e) return null;
      if (acronyms.has(k) && !/^(the\s+)?[A-Z.]{2,5}$/.test(mention.trim())) return canon.get(k) ?? null;
      return e;
    },
    byCanonical(name) {
      return canon.get(norm(name)) ?? null;
    },
  };
  cache.set(table, idx);
  return idx;
}
