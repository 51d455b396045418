import { contentHash } from './content-hash.js';
import { fingerprint, words } from './fingerprint.js';
import { MemoryStoryStore, placeArticle } from './cluster.js';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from './story.js';
import { overlap, isNearDuplicate } from './verify.js';

export type DuplicateReason = 'exact' | 'near';

/** Below this many words a text alone does not identify an article (an error page, a teaser). */
export const MIN_IDENTIFYING_WORDS = 25;

/**
 * The text compared for duplicates: the article text, preceded by its title when the text is too
 * short to identify the article alone (two different articles whose extraction both gave the same
 * cookie notice are not copies of each other).
 */
export function dedupeText(text: string, title: string | null | undefined): string {
  return words(text).length >= MIN_IDENTIFYING_WORDS || !title ? text : `${title}\n${text}`;
}

export interface MemoryDedupeResult {
  duplicateOf: string | null;
  reason: DuplicateReason | null;
}

/**
 * Exact and near-duplicate detection held in memory: content hash, then MinHash band lookup,
 * then verification of each candidate on its shingles; the earliest verified copy wins.
 * The same functions as the Postgres-backed `NearDuplicateIndex`.
 */
export class MemoryDedupeIndex<Id extends string | number = string> {
  private readonly hashes = new Map<string, Id>();
  private readonly bands = new Map<string, Id[]>();
  private readonly shingles = new Map<Id, Uint32Array>();
  private readonly order = new Map<Id, number>();

  check(id: Id, text: string): { duplicateOf: Id | null; reason: DuplicateReason | null } {
    const hash = contentHash(text);
    const exact = this.hashes.get(hash);
    if (exact !== undefined) return { duplicateOf: exact, reason: 'exact' };
    const fp = fingerprint(text);
    const candidates = new Set<Id>();
    for (const k of fp.bandKeys) for (const c of this.bands.get(k) ?? []) candidates.add(c);
    const verified = [...candidates]
      .filter((c) => isNearDuplicate(overlap(fp.shingles, this.shingles.get(c) as Uint32Array)))
      .sort((a, b) => (this.order.get(a) as number) - (this.order.get(b) as number));
    const first = verified[0];
    if (first !== undefined) return { duplicateOf: first, reason: 'near' };
    // An original: index it.
    this.hashes.set(hash, id);
    this.order.set(id, this.order.size);
    this.shingles.set(id, fp.shingles);
    for (const k of fp.bandKeys) {
      const list = this.bands.get(k);
      if (list) list.push(id);
      else this.bands.set(k, [id]);
    }
    return { duplicateOf: null, reason: null };
  }
}

export interface StreamArticle {
  id: string;
  title: string;
  text: string;
  publishedAt: string | null;
}

export interface StreamResult {
  id: string;
  storyId: number;
  duplicateOf: string | null;
}

export interface ClusterStreamOptions {
  config?: StoryConfig;
  /**
   * Emit each line as soon as its article is read (its story id may later be merged into
   * another). Default false: lines are emitted at the end of the input, in input order, with
   * merged stories resolved.
   */
  streaming?: boolean;
  /** Called for each input line that is not a usable article (default: ignored). */
  onBadLine?: (lineNumber: number, error: string) => void;
}

/** Parses one input line; throws an Error naming the problem. */
export function parseStreamLine(line: string): StreamArticle {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    throw new Error(`not JSON: ${line.slice(0, 80)}`);
  }
  if (!o || typeof o !== 'object') throw new Error(`not a JSON object: ${line.slice(0, 80)}`);
  const r = o as Record<string, unknown>;
  if (r.id === undefined || r.id === null || r.id === '') throw new Error(`line has no "id": ${line.slice(0, 80)}`);
  return {
    id: String(r.id),
    title: typeof r.title === 'string' ? r.title : '',
    text: typeof r.text === 'string' ? r.text : '',
    publishedAt: typeof r.publishedAt === 'string' ? r.publishedAt : null,
  };
}

/**
 * `newsline cluster`: reads one `{"id","title","text","publishedAt"}` JSON object a line and
 * yields one `{"id","storyId","duplicateOf"}` per article, in input order. Duplicates (exact
 * or near) are given their original's story and do not shape stories. An article without a
 * usable date is placed at the latest time seen so far. Bad lines are skipped.
 */
export async function* clusterStream(lines: AsyncIterable<string> | Iterable<string>, opts: ClusterStreamOptions = {}): AsyncIterable<StreamResult> {
  const cfg = opts.config ?? DEFAULT_STORY_CONFIG;
  const stories = new MemoryStoryStore();
  const dedupe = new MemoryDedupeIndex<string>();
  const storyOf = new Map<string, number>();
  const held: StreamResult[] = [];
  let latest = Number.NaN;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let a: StreamArticle;
    try {
      a = parseStreamLine(line);
    } catch (err) {
      opts.onBadLine?.(n, (err as Error).message);
      continue;
    }
    let time = a.publishedAt ? Date.parse(a.publishedAt) : Number.NaN;
    if (Number.isNaN(time)) time = Number.isNaN(latest) ? 0 : latest;
    if (Number.isNaN(latest) || time > latest) latest = time;
    const d = storyOf.has(a.id) ? { duplicateOf: null, reason: null } : dedupe.check(a.id, dedupeText(a.text, a.title));
    let storyId: number;
    if (d.duplicateOf !== null) {
      storyId = storyOf.get(d.duplicateOf) as number;
    } else {
      storyId = (await placeArticle(stories, { title: a.title, text: a.text, time }, cfg)).storyId;
    }
    storyOf.set(a.id, storyId);
    const r: StreamResult = { id: a.id, storyId, duplicateOf: d.duplicateOf };
    if (opts.streaming) yield r;
    else held.push(r);
  }
  for (const r of held) yield { ...r, storyId: stories.resolve(r.storyId) };
}
