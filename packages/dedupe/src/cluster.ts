import {
  DEFAULT_STORY_CONFIG,
  addToStory,
  articleVector,
  decide,
  keptMembers,
  keyTerms,
  mergeStories,
  newStory,
  type StoryConfig,
  type StoryState,
  type PlacedArticle,
  type TermStats,
  titleVector,
} from './story.js';
import { addressesReader } from './terms.js';

/**
 * Where stories live. `placeArticle` is the one clustering algorithm; a store only keeps state:
 * `MemoryStoryStore` for `newsline cluster` and the tests, a Postgres store in the worker service.
 * Every call is bounded by the article (its terms, its candidate stories), not by the stream.
 */
export interface StoryStore {
  /**
   * Counts one more article with these terms into the document frequencies; returns the number
   * of articles counted so far and the frequencies of `terms` (this article included).
   */
  countTerms(terms: string[]): Promise<{ docCount: number; df: Map<string, number> }>;
  /** Document frequencies of other terms (not counted). */
  termFrequencies(terms: string[]): Promise<Map<string, number>>;
  /**
   * Holds back other writers that would read or list stories under any of these key terms until
   * the caller's unit of work ends (so that two articles of one event placed at the same moment do
   * not each start a story); articles with no key term in common go on in parallel.
   */
  lockKeys(keys: string[]): Promise<void>;
  /**
   * Live stories listed under any of the key terms whose [first, last] span meets [from, to]
   * (ms), those sharing most keys first (then the lowest id), at most `limit`.
   */
  candidates(keys: string[], from: number, to: number, limit: number): Promise<number[]>;
  /**
   * The live stories among `ids`, each locked against other writers until the caller's unit of
   * work ends (taken in ascending id order), in the order of `ids`, each once; an id merged away
   * meanwhile stands for the live story it was merged into.
   */
  lockAndLoad(ids: number[]): Promise<StoryState[]>;
  /** Stores a new story (state.id is ignored) and returns its id. */
  create(state: StoryState): Promise<number>;
  /** Stores a changed story (the state after the article joined or stories merged into it). */
  save(state: StoryState): Promise<void>;
  /** Marks story `from` as merged into `into`: its articles and posting-list entries move over. */
  merge(from: number, into: number): Promise<void>;
  /** Lists the story under the article's key terms (candidate retrieval for later articles). */
  addKeys(storyId: number, keys: string[]): Promise<void>;
  /** The number of live stories last seen within [from, to] (ms), counted up to `cap` (indexed on the last-seen time). */
  activeStories(from: number, to: number, cap: number): Promise<number>;
}

export interface Placement {
  storyId: number;
  /** Stories merged into `storyId` by this article. */
  merged: number[];
  created: boolean;
}

const DAY = 86_400_000;

/** Stories kept under one key term (the latest): candidate retrieval costs the same however long the day. */
export const POSTINGS_PER_KEY = 200;

/**
 * Places one article (not a duplicate) in a story: counts its terms, scores the candidate
 * stories that share its key terms, then joins the best one that clears its need (merging any
 * other it clears by `mergeMargin`) or starts a new story. Deterministic for a given store state.
 */
export async function placeArticle(store: StoryStore, a: { title: string; text: string; time: number }, cfg: StoryConfig = DEFAULT_STORY_CONFIG): Promise<Placement> {
  const { article, keys, stories, stats } = await candidateStories(store, a, cfg);
  const { v, t } = article;
  const byId = new Map(stories.map((s) => [s.id, s]));
  const d = decide(article, stories, stats, cfg);
  const member = { v, t, time: a.time, title: a.title, reader: article.reader };
  let storyId: number;
  if (d.join === null) {
    storyId = await store.create(newStory(0, member, cfg));
  } else {
    const s = byId.get(d.join) as StoryState;
    for (const id of d.merge) {
      mergeStories(s, byId.get(id) as StoryState, stats, cfg);
      await store.merge(id, s.id);
    }
    addToStory(s, member, stats, cfg);
    await store.save(s);
    storyId = s.id;
  }
  await store.addKeys(storyId, keys);
  return { storyId, merged: d.merge, created: d.join === null };
}

/** An article's vectors, its key terms, its candidate stories (locked) and the fixed document frequencies to score them with. */
export interface Candidates {
  article: PlacedArticle;
  keys: string[];
  stories: StoryState[];
  stats: TermStats;
}

/** The first half of `placeArticle`: counts the article's terms, locks its keys, loads the candidate stories. */
export async function candidateStories(store: StoryStore, a: { title: string; text: string; time: number }, cfg: StoryConfig = DEFAULT_STORY_CONFIG): Promise<Candidates> {
  const v = articleVector(a, cfg);
  const t = titleVector(a.title);
  const reader = addressesReader(a.text);
  const counted = await store.countTerms([...v.keys()]);
  const df = counted.df;
  const keyStats: TermStats = { docCount: counted.docCount + cfg.idfPriorDocs, df: (x) => df.get(x) ?? 0 };
  const keys = keyTerms(v, keyStats, cfg.keyTerms);
  await store.lockKeys(keys);
  const ids = await store.candidates(keys, a.time - cfg.windowDays * DAY, a.time + cfg.windowDays * DAY, cfg.maxCandidates);
  const stories = await store.lockAndLoad(ids);
  // Document frequencies of every term the similarity weighs.
  const missing = new Set<string>();
  for (const s of stories) {
    for (const x of s.centroid.keys()) if (!df.has(x)) missing.add(x);
    for (const m of keptMembers(s)) for (const x of m.v.keys()) if (!df.has(x)) missing.add(x);
  }
  if (missing.size) for (const [x, n] of await store.termFrequencies([...missing])) df.set(x, n);
  // From here the frequencies are fixed: each IDF is computed once.
  const window = cfg.reliefWindowHours * 3_600_000;
  // How busy the article's time is (the time relief and the busy-stretch evidence read it).
  const busyCounted = cfg.timeRelief > 0 || cfg.busyStories <= cfg.activeCap;
  const active = busyCounted ? await store.activeStories(a.time - window, a.time + window, cfg.activeCap) : undefined;
  const article: PlacedArticle = active === undefined ? { v, t, time: a.time, reader } : { v, t, time: a.time, active, reader };
  return { article, keys, stories, stats: { ...keyStats, idfCache: new Map() } };
}

/** Stories held in memory (one process, no locking needed). */
export class MemoryStoryStore implements StoryStore {
  private readonly df = new Map<string, number>();
  private docCount = 0;
  private readonly stories = new Map<number, StoryState>();
  /** story id -> the story it was merged into. */
  private readonly mergedInto = new Map<number, number>();
  /** key term -> the stories listed under it (ids as listed, latest last). */
  private readonly postings = new Map<string, number[]>();
  private nextId = 1;
  /** The live stories' last-seen times, sorted (what `activeStories` counts), and each one's as counted there. */
  private readonly lastSeen = new SortedTimes();
  private readonly countedLastSeen = new Map<number, number>();

  async countTerms(terms: string[]) {
    this.docCount++;
    const out = new Map<string, number>();
    for (const t of terms) {
      const n = (this.df.get(t) ?? 0) + 1;
      this.df.set(t, n);
      out.set(t, n);
    }
    return { docCount: this.docCount, df: out };
  }

  async termFrequencies(terms: string[]) {
    return new Map(terms.map((t) => [t, this.df.get(t) ?? 0] as const));
  }

  async lockKeys() {}

  async candidates(keys: string[], from: number, to: number, limit: number) {
    const shared = new Map<number, number>();
    for (const k of keys) {
      const live = new Set<number>();
      for (const listed of this.postings.get(k) ?? []) {
        const id = this.resolve(listed);
        const s = this.stories.get(id);
        if (s && s.lastSeen >= from && s.firstSeen <= to) live.add(id);
      }
      for (const id of live) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    return [...shared]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([id]) => id);
  }

  async lockAndLoad(ids: number[]) {
    return ids.map((id) => this.stories.get(id)).filter((s): s is StoryState => s !== undefined);
  }

  async create(state: StoryState) {
    const id = this.nextId++;
    this.stories.set(id, { ...state, id });
    this.lastSeen.add(state.lastSeen);
    this.countedLastSeen.set(id, state.lastSeen);
    return id;
  }

  async save(state: StoryState) {
    // The state may be the stored object changed in place: the time counted is looked up, not read from it.
    const before = this.countedLastSeen.get(state.id);
    if (before !== undefined) this.lastSeen.remove(before);
    this.lastSeen.add(state.lastSeen);
    this.countedLastSeen.set(state.id, state.lastSeen);
    this.stories.set(state.id, state);
  }

  async merge(from: number, into: number) {
    const before = this.countedLastSeen.get(from);
    if (before !== undefined) this.lastSeen.remove(before);
    this.countedLastSeen.delete(from);
    this.stories.delete(from);
    this.mergedInto.set(from, into);
  }

  async addKeys(storyId: number, keys: string[]) {
    for (const k of keys) {
      let list = this.postings.get(k);
      if (!list) this.postings.set(k, (list = []));
      if (list[list.length - 1] === storyId) continue;
      list.push(storyId);
      // The latest stories under a key are the ones a new article may join: a bounded list.
      if (list.length > POSTINGS_PER_KEY * 2) list.splice(0, list.length - POSTINGS_PER_KEY);
    }
  }

  async activeStories(from: number, to: number, cap: number) {
    return Math.min(cap, this.lastSeen.count(from, to));
  }

  /** The live story a (possibly merged) story id now belongs to. */
  resolve(id: number): number {
    let cur = id;
    for (let next = this.mergedInto.get(cur); next !== undefined; next = this.mergedInto.get(cur)) cur = next;
    return cur;
  }

  story(id: number): StoryState | undefined {
    return this.stories.get(this.resolve(id));
  }
}

/** A sorted multiset of times: insert, remove and count within a range in O(log n) search (plus the array move). */
export class SortedTimes {
  private readonly times: number[] = [];

  /** The index of the first time >= t (strict: > t). */
  private bound(t: number, strict: boolean): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.times[mid] as number;
      if (x < t || (strict && x === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(t: number): void {
    this.times.splice(this.bound(t, false), 0, t);
  }

  remove(t: number): void {
    const i = this.bound(t, false);
    if (this.times[i] === t) this.times.splice(i, 1);
  }

  /** How many times lie in [from, to]. */
  count(from: number, to: number): number {
    return Math.max(0, this.bound(to, true) - this.bound(from, false));
  }
}
