import type { Kysely, Transaction } from 'kysely';
import { NearDuplicatesRepository, type Database } from '@newsline/db';
import { contentHash } from './content-hash.js';
import { fingerprint, hashString32, signatureToHex, type Fingerprint } from './fingerprint.js';
import {
  DEFAULT_STORY_CONFIG,
  addToStory,
  articleVector,
  decide,
  keyTerms,
  mergeStories,
  titleVector,
  type SparseVector,
  type StoryConfig,
  type StoryState,
  type TermStats,
} from './story.js';
import { overlap, isNearDuplicate } from './verify.js';
import { dedupeText } from './stream.js';

type Conn = Kysely<Database> | Transaction<Database>;
const DAY = 86_400_000;

export type DedupeReason = 'exact' | 'near' | 'url';

/** A 64-bit advisory-lock key (decimal) for a string: two independent 32-bit hashes. */
export function lockKey(s: string): string {
  const hi = hashString32('lock:' + s);
  const lo = hashString32(s + ':lock');
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** Earliest published first (undated last), then the lowest id: the first is the original. */
function byAge<T extends { id: number; published_at: Date | null }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => {
    const ta = a.published_at?.getTime() ?? Number.POSITIVE_INFINITY;
    const tb = b.published_at?.getTime() ?? Number.POSITIVE_INFINITY;
    return ta - tb || a.id - b.id;
  });
}

/**
 * The near-duplicate index in Postgres: each original article's MinHash band keys in
 * `near_dup_bands`. Looking an article up costs one btree probe per band, whatever the index size;
 * every candidate is then verified on its stored text.
 */
export class NearDuplicateIndex {
  /** Verified near duplicates of the text among the indexed originals, earliest first. */
  async find(db: Conn, articleId: number, fp: Fingerprint): Promise<{ id: number; story_id: number | null }[]> {
    const repo = new NearDuplicatesRepository(db);
    const ids = await repo.bandCandidates(fp.bandKeys, articleId);
    if (!ids.length) return [];
    const rows = await repo.articles(ids);
    const verified = rows.filter((r) => r.text && isNearDuplicate(overlap(fp.shingles, fingerprint(dedupeText(r.text, r.title)).shingles)));
    // An indexed article that an earlier-published copy has since replaced stands for that copy.
    const out = new Map<number, { id: number; story_id: number | null }>();
    for (const r of byAge(verified)) {
      const id = r.duplicate_of ?? r.id;
      if (!out.has(id)) out.set(id, { id, story_id: r.story_id });
    }
    return [...out.values()];
  }

  async add(db: Conn, articleId: number, fp: Fingerprint): Promise<void> {
    await new NearDuplicatesRepository(db).addBands(articleId, fp.bandKeys);
  }
}

function toRecord(v: SparseVector): Record<string, number> {
  const o: Record<string, number> = {};
  for (const [k, x] of v) o[k] = Math.round(x * 1e6) / 1e6;
  return o;
}

function toVector(o: Record<string, number>): SparseVector {
  return new Map(Object.entries(o));
}

/** A member's stored vector: its terms, and its title's terms under TITLE_PREFIX (content terms never start with it). */
const TITLE_PREFIX = '^';

function memberRecord(v: SparseVector, tv: SparseVector): Record<string, number> {
  const o = toRecord(v);
  for (const [k, x] of tv) o[TITLE_PREFIX + k] = Math.round(x * 1e6) / 1e6;
  return o;
}

function fromMemberRecord(o: Record<string, number>): { v: SparseVector; tv: SparseVector } {
  const v: SparseVector = new Map();
  const tv: SparseVector = new Map();
  for (const [k, x] of Object.entries(o)) {
    if (k.startsWith(TITLE_PREFIX)) tv.set(k.slice(TITLE_PREFIX.length), x);
    else v.set(k, x);
  }
  return { v, tv };
}

/**
 * Story assignment against Postgres: the algorithm of `StoryClusterer` (the same `decide`),
 * with centroids, member vectors, posting lists and document frequencies stored in tables.
 * Must run inside a transaction that holds the story lock (`NearDuplicatesRepository.lockStories`).
 */
export class StoryAssigner {
  constructor(readonly cfg: StoryConfig = DEFAULT_STORY_CONFIG) {}

  async assign(trx: Transaction<Database>, a: { articleId: number; title: string; text: string; time: Date }): Promise<{ storyId: number; merged: number[]; created: boolean }> {
    const repo = new NearDuplicatesRepository(trx);
    const cfg = this.cfg;
    const v = articleVector(a, cfg);
    const tv = titleVector(a.title);
    const terms = [...v.keys()];
    const docCount = await repo.incrementDocCount();
    await repo.incrementDf(terms);
    const df = await repo.df(terms);
    const stats: TermStats = { docCount: docCount + cfg.idfPriorDocs, df: (t) => df.get(t) ?? 0 };
    const keys = keyTerms(v, stats, cfg.keyTerms);
    const t = a.time.getTime();
    const ids = await repo.candidateStories(keys, new Date(t - cfg.windowDays * DAY), new Date(t + cfg.windowDays * DAY), cfg.maxCandidates);
    const rows = await repo.stories(ids);
    const members = cfg.linkage === 'topk' || cfg.titleBonus ? await repo.members(ids, cfg.maxMembers) : [];
    const states = new Map<number, StoryState>();
    for (const r of rows) {
      states.set(r.id, {
        id: r.id,
        title: r.title ?? '',
        centroid: toVector(r.centroid),
        articleCount: r.article_count,
        firstSeen: r.first_seen_at.getTime(),
        lastSeen: r.last_seen_at.getTime(),
        members: [],
      });
    }
    for (const m of members) states.get(m.story_id)?.members?.push({ ...fromMemberRecord(m.vector), time: m.published_at.getTime() });
    for (const s of states.values()) if (s.members && s.members.length > cfg.maxMembers) s.members.splice(0, s.members.length - cfg.maxMembers);
    // Document frequencies of every term the similarity will weigh.
    const missing = new Set<string>();
    for (const s of states.values()) {
      for (const k of s.centroid.keys()) if (!df.has(k)) missing.add(k);
      for (const m of s.members ?? []) for (const k of m.v.keys()) if (!df.has(k)) missing.add(k);
    }
    for (const [k, n] of await repo.df([...missing])) df.set(k, n);
    const ordered = ids.map((id) => states.get(id)).filter((s): s is StoryState => s !== undefined);
    const d = decide(v, t, ordered, stats, cfg, tv);
    let story: StoryState;
    if (d.join === null) {
      const id = await repo.createStory(a.title || null, a.time, {});
      story = { id, title: a.title, centroid: new Map(), articleCount: 0, firstSeen: t, lastSeen: t };
    } else {
      story = states.get(d.join) as StoryState;
      for (const id of d.merge) {
        const other = states.get(id);
        if (!other) continue;
        mergeStories(story, other, cfg);
        await repo.mergeStory(id, story.id);
      }
    }
    const untitled = !story.title;
    addToStory(story, { v, time: t, tv, title: a.title }, cfg);
    // A story begun by an untitled article (a plain-text file) takes the first title that joins it.
    if (untitled && story.title) await repo.titleIfMissing(story.id, story.title);
    await repo.saveCentroid(story.id, toRecord(story.centroid));
    await repo.countArticle(story.id, a.time);
    await repo.addMember(a.articleId, story.id, memberRecord(v, tv), a.time, keys);
    return { storyId: story.id, merged: d.merge, created: d.join === null };
  }
}

export interface DedupeInput {
  articleId: number;
  /** The extracted article text (what is compared). */
  text: string;
  title?: string | null;
  publishedAt?: Date | null;
  /** The article's canonical URL (as from `canonicalUrl`), if known. */
  canonicalUrl?: string | null;
}

export interface DedupeResult {
  /** The original this article copies (never itself a duplicate), or null for an original. */
  duplicateOf: number | null;
  storyId: number;
  reason: DedupeReason | null;
  /**
   * Set when this article copies an original that was published later: this article becomes the
   * original, and the former original (with every copy of it) is re-pointed to it.
   */
  replaced?: { id: number; reason: DedupeReason };
}

export interface DedupeOptions {
  stories?: StoryConfig;
}

/**
 * The dedupe stage for one stored article: exact, URL and near-duplicate detection, then story
 * assignment, in ONE transaction (its own, or the caller's when given a Transaction: the locks are
 * then held until the caller commits, so commit promptly). Contract:
 * - The article row `articleId` must exist. Its `content_hash`, `fingerprint`, `duplicate_of` and
 *   `story_id` are written; its `status` is left to the caller.
 * - Order of tests: same canonical URL as an already deduplicated original (`'url'`), same
 *   normalised text (`'exact'`, decided by the `content_hashes` primary key), a verified near
 *   copy found through the MinHash band index (`'near'`, the earliest published such original).
 *   A duplicate gets its original's story and does not change the story's centroid.
 * - The original is the earliest published copy, whatever the arrival order: a copy published
 *   before its original takes its place (`replaced`), and the former original and its copies
 *   become `duplicate_of` it (under the story lock, so no copy is left pointing at a duplicate).
 * - An original is indexed (band keys) and clustered into a story (possibly merging two stories
 *   it links; merged stories get `merged_into`, their articles move).
 * - Concurrency: before looking anything up the transaction takes advisory locks on its band keys,
 *   its content hash and its canonical URL, in ascending order; two copies share at least one of
 *   these keys, so the second waits for the first to commit and then sees it. Story changes are
 *   serialised by one further lock, always taken last (no lock-order cycles).
 * - Idempotent: an article that already has a `story_id` is returned as stored, nothing changes.
 * - An empty text is never a duplicate; it is clustered on its title.
 * Throws when the article does not exist; database errors propagate (retryable).
 */
export async function dedupeArticle(db: Kysely<Database> | Transaction<Database>, input: DedupeInput, opts: DedupeOptions = {}): Promise<DedupeResult> {
  if (db.isTransaction) return dedupeInTransaction(db as Transaction<Database>, input, opts);
  return db.transaction().execute((trx) => dedupeInTransaction(trx, input, opts));
}

async function dedupeInTransaction(trx: Transaction<Database>, input: DedupeInput, opts: DedupeOptions): Promise<DedupeResult> {
  const assigner = new StoryAssigner(opts.stories ?? DEFAULT_STORY_CONFIG);
  const index = new NearDuplicateIndex();
  const repo = new NearDuplicatesRepository(trx);
  const [row] = await repo.articles([input.articleId]);
  if (!row) throw new Error(`dedupeArticle: no article with id ${input.articleId}`);
  if (row.story_id !== null) return storedResult(repo, row);

  const time = input.publishedAt ?? row.published_at ?? row.created_at;
  const title = input.title ?? row.title ?? '';
  const compared = dedupeText(input.text, title);
  const hash = contentHash(compared);
  const fp = fingerprint(compared);
  const hasText = fp.shingles.length > 0;
  const url = input.canonicalUrl ?? row.canonical_url;

  const lockKeys = [...fp.bandKeys];
  if (hasText) lockKeys.push(lockKey('hash:' + hash));
  if (url) lockKeys.push(lockKey('url:' + url));
  await repo.lockKeys(lockKeys);

  let duplicateOf: number | null = null;
  let reason: DedupeReason | null = null;
  if (url) {
    const o = await repo.urlOriginal(url, input.articleId);
    if (o !== undefined) [duplicateOf, reason] = [o, 'url'];
  }
  if (duplicateOf === null && hasText) {
    const holder = await repo.claimContentHash(hash, input.articleId);
    if (holder !== input.articleId) {
      const [h] = await repo.articles([holder]);
      [duplicateOf, reason] = [h?.duplicate_of ?? holder, 'exact'];
    }
  }
  if (duplicateOf === null && hasText) {
    const near = await index.find(trx, input.articleId, fp);
    if (near[0]) [duplicateOf, reason] = [near[0].id, 'near'];
  }

  await repo.lockStories();
  let storyId: number | null = null;
  let replaced: DedupeResult['replaced'];
  if (duplicateOf !== null) {
    let [orig] = await repo.articles([duplicateOf]);
    // Re-read under the story lock: an earlier-published copy may have replaced it meanwhile.
    if (orig?.duplicate_of != null) [orig] = await repo.articles([(duplicateOf = orig.duplicate_of)]);
    const published = input.publishedAt ?? row.published_at;
    if (orig && reason && published && (orig.published_at === null || published < orig.published_at)) {
      // This copy was published first: it is the original, the copies so far are copies of it.
      await repo.replaceOriginal(orig.id, input.articleId);
      if (hasText) await index.add(trx, input.articleId, fp);
      replaced = { id: orig.id, reason };
      [duplicateOf, reason] = [null, null];
    }
    storyId = orig?.story_id ?? null;
    if (storyId !== null) await repo.countArticle(storyId, time);
  }
  if (storyId === null) {
    if (duplicateOf === null && hasText) await index.add(trx, input.articleId, fp);
    storyId = (await assigner.assign(trx, { articleId: input.articleId, title, text: input.text, time })).storyId;
  }
  await repo.setResult(input.articleId, {
    duplicateOf,
    storyId,
    contentHash: hash,
    fingerprint: hasText ? signatureToHex(fp.signature) : null,
  });
  return replaced ? { duplicateOf, storyId, reason, replaced } : { duplicateOf, storyId, reason };
}

async function storedResult(
  repo: NearDuplicatesRepository,
  row: { id: number; duplicate_of: number | null; story_id: number | null; content_hash: string | null; canonical_url: string | null },
): Promise<DedupeResult> {
  const storyId = row.story_id as number;
  if (row.duplicate_of === null) return { duplicateOf: null, storyId, reason: null };
  const [orig] = await repo.articles([row.duplicate_of]);
  const reason: DedupeReason =
    orig && row.canonical_url && orig.canonical_url === row.canonical_url ? 'url' : orig && orig.content_hash === row.content_hash ? 'exact' : 'near';
  return { duplicateOf: row.duplicate_of, storyId, reason };
}
