import type { Kysely, Transaction } from 'kysely';
import { ArticlesRepository, NearDuplicatesRepository, StoriesRepository, type Database } from '@newsline/db';
import {
  DEFAULT_STORY_CONFIG,
  contentHash,
  dedupeText,
  fingerprint,
  hashString32,
  isNearDuplicate,
  overlap,
  placeArticle,
  signatureToHex,
  type Fingerprint,
  type StoryConfig,
} from '@newsline/dedupe';
import { PostgresStoryStore } from './postgres-story-store.js';

type Conn = Kysely<Database> | Transaction<Database>;

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
    const ids = await new NearDuplicatesRepository(db).bandCandidates(fp.bandKeys, articleId);
    if (!ids.length) return [];
    const rows = await new ArticlesRepository(db).dedupeRows(ids);
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
  /**
   * Where document frequencies are counted (outside the transaction, so that articles sharing
   * common terms do not wait for each other's commit). Not the pool the transaction came from:
   * the transaction would wait for a second connection while holding its locks. Default: the transaction.
   */
  counter?: Kysely<Database>;
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
 *   these keys, so the second waits for the first to commit and then sees it. Story changes lock
 *   only the stories they read (their ids, ascending), always after those keys (no lock-order cycles).
 * - Idempotent: an article that already has a `story_id` is returned as stored, nothing changes.
 * - An empty text is never a duplicate; it is clustered on its title.
 * Throws when the article does not exist; database errors propagate (retryable).
 */
export async function dedupeArticle(db: Kysely<Database> | Transaction<Database>, input: DedupeInput, opts: DedupeOptions = {}): Promise<DedupeResult> {
  if (db.isTransaction) return dedupeInTransaction(db as Transaction<Database>, input, opts);
  return db.transaction().execute((trx) => dedupeInTransaction(trx, input, opts));
}

async function dedupeInTransaction(trx: Transaction<Database>, input: DedupeInput, opts: DedupeOptions): Promise<DedupeResult> {
  const index = new NearDuplicateIndex();
  const repo = new NearDuplicatesRepository(trx);
  const articles = new ArticlesRepository(trx);
  const [row] = await articles.dedupeRows([input.articleId]);
  if (!row) throw new Error(`dedupeArticle: no article with id ${input.articleId}`);
  if (row.story_id !== null) return storedResult(articles, row);

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
    const o = await articles.urlOriginal(url, input.articleId);
    if (o !== undefined) [duplicateOf, reason] = [o, 'url'];
  }
  if (duplicateOf === null && hasText) {
    const holder = await repo.claimContentHash(hash, input.articleId);
    if (holder !== input.articleId) {
      const [h] = await articles.dedupeRows([holder]);
      [duplicateOf, reason] = [h?.duplicate_of ?? holder, 'exact'];
    }
  }
  if (duplicateOf === null && hasText) {
    const near = await index.find(trx, input.articleId, fp);
    if (near[0]) [duplicateOf, reason] = [near[0].id, 'near'];
  }

  const stories = new StoriesRepository(trx);
  let storyId: number | null = null;
  let replaced: DedupeResult['replaced'];
  if (duplicateOf !== null) {
    // Lock the story the original is in, then re-read: an earlier-published copy may have replaced
    // it, or a merge may have moved it to another story meanwhile. Until the story read is the
    // story locked, lock that one too: a merge needs the lock of the story it merges away, so the
    // story this duplicate is counted into stays live until this transaction commits (counting
    // into a story merged meanwhile would lose the count from the live stories).
    let [orig] = await articles.dedupeRows([duplicateOf]);
    const locked = new Set<number>();
    for (;;) {
      if (orig?.duplicate_of != null) [orig] = await articles.dedupeRows([(duplicateOf = orig.duplicate_of)]);
      const sid = orig?.story_id ?? null;
      if (sid === null || locked.has(sid)) break;
      await stories.lockStories([sid]);
      locked.add(sid);
      [orig] = await articles.dedupeRows([duplicateOf]);
    }
    const published = input.publishedAt ?? row.published_at;
    if (orig && reason && published && (orig.published_at === null || published < orig.published_at)) {
      // This copy was published first: it is the original, the copies so far are copies of it.
      await articles.replaceOriginal(orig.id, input.articleId);
      if (hasText) await index.add(trx, input.articleId, fp);
      replaced = { id: orig.id, reason };
      [duplicateOf, reason] = [null, null];
    }
    storyId = orig?.story_id ?? null;
    if (storyId !== null) await stories.countArticle(storyId, time);
  }
  if (storyId === null) {
    if (duplicateOf === null && hasText) await index.add(trx, input.articleId, fp);
    const store = new PostgresStoryStore(trx, opts.counter);
    storyId = (await placeArticle(store, { title, text: input.text, time: time.getTime() }, opts.stories ?? DEFAULT_STORY_CONFIG)).storyId;
  }
  await articles.setDedupeResult(input.articleId, {
    duplicateOf,
    storyId,
    contentHash: hash,
    fingerprint: hasText ? signatureToHex(fp.signature) : null,
  });
  return replaced ? { duplicateOf, storyId, reason, replaced } : { duplicateOf, storyId, reason };
}

async function storedResult(
  articles: ArticlesRepository,
  row: { id: number; duplicate_of: number | null; story_id: number | null; content_hash: string | null; canonical_url: string | null },
): Promise<DedupeResult> {
  const storyId = row.story_id as number;
  if (row.duplicate_of === null) return { duplicateOf: null, storyId, reason: null };
  const [orig] = await articles.dedupeRows([row.duplicate_of]);
  const reason: DedupeReason =
    orig && row.canonical_url && orig.canonical_url === row.canonical_url ? 'url' : orig && orig.content_hash === row.content_hash ? 'exact' : 'near';
  return { duplicateOf: row.duplicate_of, storyId, reason };
}
