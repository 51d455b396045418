import { contentTerms, entities, isTitleCase } from './terms.js';

/**
 * Incremental (single-pass) story clustering over a sliding time window.
 *
 * - An article is a sparse vector of the content terms of its lead (first 150), its title terms
 *   (x3) and the named entities of title and lead ("@north korea", x2), each 1 + log(count),
 *   L2-normalised. Similarity is cosine under IDF, the document frequencies counted over the
 *   stream so far with a prior of 50 empty documents (so the first articles compare sensibly).
 * - A story keeps its centroid (sum of member vectors), its latest 30 members and its
 *   [first, last] publication span. Candidates: live stories within 730 days that share one of
 *   the article's 40 key terms (posting lists), the 20 sharing most.
 * - Score of a story = 0.5 x centroid margin + 0.5 x mean margin of its 3 most similar members,
 *   where margin = similarity - needed(gap): the similarity needed rises from 0.12 (same day)
 *   to 0.25 (months apart), exp(-gap/30 days), and past a year by a further 0.2 a year (a page
 *   whose date is a year off still joins its story on nearly the same text; next year's event of
 *   the same kind, ~0.35, does not). Time matters: a far story needs a closer match.
 * - Entities matter: when article and story both name things but share none (cosine < 0.01),
 *   the story is not eligible (two earthquakes in two places in one week are two stories); a name
 *   of one that the other's words spell out ("Equifax" opening a sentence, "bitcoin") is shared --
 *   unless the whole vectors' cosine is at least 0.35, far above what the same kind of event in
 *   another place reaches (~0.25 with templated headlines): then the shared wording is the
 *   evidence and the names found were page furniture (a site's boilerplate under the same headline).
 * - Headlines close in time: the best title cosine with a member's title, damped by
 *   exp(-days apart / 2), adds 0.6 x (that - 0.2) when above 0.2 (a junk page or a different
 *   angle under the same headline, the same day). Never for articles weeks apart: a later event of
 *   the same kind has the same headline ("North Korea fires missile over Japan").
 * - The best story with margin >= 0 is joined, else a new story starts. A second story is
 *   merged in (into the oldest) when the article also clears it by 0.1, or clears it by at least
 *   a tenth of the best margin and the two centroids are 0.1 above the need for their gap: stories
 *   the window separated are rejoined, but an article deep inside one story that barely clears
 *   another of the same kind (two North Korea stories) does not merge them.
 *
 * The same functions run in memory (`StoryClusterer`, for `clusterStream`) and against Postgres
 * (`StoryAssigner`), which stores the centroids, members, posting lists and document frequencies.
 */
export interface StoryConfig {
  /** Weight of a title occurrence relative to a body occurrence. */
  titleWeight: number;
  /** Weight of an entity mention relative to a body term. */
  entityWeight: number;
  /** Similarity needed to join a story that the article falls inside of (in time). */
  joinThreshold: number;
  /** Similarity needed to join a story far from the article in time. */
  farThreshold: number;
  /**
   * The similarity needed rises from joinThreshold to farThreshold as
   * 1 - exp(-gap / decayDays), the gap measured in days outside the story's [first, last].
   */
  decayDays: number;
  /** Beyond farRiseAfterDays the similarity needed keeps rising, by farRise a year (0: flat at farThreshold). */
  farRise: number;
  farRiseAfterDays: number;
  /** Extra margin over the needed similarity for an article to merge a second story in. */
  mergeMargin: number;
  /**
   * A second story the article could also join is merged in when its centroid and the joined
   * story's (with the article) are this much above the needed similarity (null: off).
   */
  storyMergeMargin: number | null;
  /** Stories whose [first, last] span is further than this from the article are not candidates. */
  windowDays: number;
  /** Terms kept in a stored centroid (the heaviest). */
  maxCentroidTerms: number;
  /** How an article is compared with a story: its centroid, or the mean of its k most similar members. */
  linkage: 'centroid' | 'topk';
  /** Weight of a pair of adjacent content terms ("falcon heavy", "olive branch"); 0 for none. */
  bigramWeight: number;
  /**
   * Entities must agree: when the article and the story both name things, the cosine of their
   * entity parts below this makes the story ineligible (0: off).
   */
  entityGate: number;
  /** Only the first N content terms of the body count (the lead carries the event; the tail carries boilerplate). */
  maxBodyTerms: number;
  topK: number;
  /** Weight of the centroid score when linkage is 'topk' (the rest goes to the members). */
  centroidMix: number;
  /** An article's key terms (heaviest under TF-IDF) list its story for candidate retrieval. */
  keyTerms: number;
  /** At most this many candidate stories (those sharing most key terms) are scored. */
  maxCandidates: number;
  /** Members' similarities are judged against each member's own time (else the story's span). */
  memberTime: boolean;
  /** A story keeps its latest-published members' vectors for 'topk' linkage. */
  maxMembers: number;
  /**
   * IDF prior: document frequencies are counted as if this many earlier documents contained none
   * of the terms, so at the start of a stream (when counts say nothing yet) shared terms still count.
   */
  idfPriorDocs: number;
  /**
   * The entity gate does not apply when the whole vectors' cosine reaches this (null: it always
   * applies): the same headline words carry the story when the names found are page furniture.
   */
  gateOverride: number | null;
  /**
   * Titles close in time: the best title cosine of the article with a member's title, damped by
   * exp(-|time apart| / titleDays), adds titleBonus x (that - titlePivot) to the margin when above
   * titlePivot (0: off). Close in time only, so that the same-kind headline of a later event
   * ("North Korea fires missile over Japan", weeks apart) does not pull it into the earlier story.
   */
  titleBonus: number;
  titlePivot: number;
  titleDays: number;
  /**
   * A second story joined only through its centroid's closeness (storyMergeMargin) must also have
   * at least this share of the best story's margin: an article deep inside one story that barely
   * clears another of the same kind does not merge them.
   */
  mergeRatio: number;
}

export const DEFAULT_STORY_CONFIG: StoryConfig = {
  titleWeight: 3,
  entityWeight: 2,
  joinThreshold: 0.12,
  farThreshold: 0.25,
  decayDays: 30,
  farRise: 0.2,
  farRiseAfterDays: 365,
  mergeMargin: 0.1,
  storyMergeMargin: 0.1,
  windowDays: 730,
  maxCentroidTerms: 400,
  linkage: 'topk',
  maxBodyTerms: 150,
  bigramWeight: 0,
  entityGate: 0.01,
  topK: 3,
  centroidMix: 0.5,
  keyTerms: 40,
  maxCandidates: 20,
  memberTime: true,
  maxMembers: 30,
  idfPriorDocs: 50,
  gateOverride: 0.35,
  titleBonus: 0.6,
  titlePivot: 0.2,
  titleDays: 2,
  mergeRatio: 0.1,
};

const DAY = 86_400_000;

export type SparseVector = Map<string, number>;

export interface ArticleInput {
  title: string;
  text: string;
  /** Publication time (ms since epoch). */
  time: number;
}

/** The text up to about `words` words. */
function leadText(text: string, words: number): string {
  let n = 0;
  for (const m of text.matchAll(/\s+/g)) if (++n >= words) return text.slice(0, m.index);
  return text;
}

/** 1 + log(weighted count) per term, L2-normalised. */
function logNormalised(counts: Map<string, number>): SparseVector {
  const v: SparseVector = new Map();
  let norm = 0;
  for (const [t, c] of counts) {
    const w = 1 + Math.log(c);
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

/** The article's term vector (without IDF): 1 + log(weighted count), L2-normalised. */
export function articleVector(a: { title: string; text: string }, cfg: StoryConfig = DEFAULT_STORY_CONFIG): SparseVector {
  const counts = new Map<string, number>();
  const add = (t: string, w: number) => counts.set(t, (counts.get(t) ?? 0) + w);
  const body = contentTerms(leadText(a.text, cfg.maxBodyTerms * 4)).slice(0, cfg.maxBodyTerms);
  const head = contentTerms(a.title.slice(0, 1000));
  for (const t of body) add(t, 1);
  for (const t of head) add(t, cfg.titleWeight);
  if (cfg.bigramWeight > 0) {
    for (const ts of [body, head]) for (let i = 1; i < ts.length; i++) add(`${ts[i - 1]} ${ts[i]}`, cfg.bigramWeight);
  }
  const named = (isTitleCase(a.title) ? '' : a.title.slice(0, 1000) + '.\n') + leadText(a.text, cfg.maxBodyTerms * 2);
  for (const e of entities(named)) add('@' + e, cfg.entityWeight);
  return logNormalised(counts);
}

/** The title's content terms as a vector (1 + log count, L2-normalised), compared under the body IDF. */
export function titleVector(title: string): SparseVector {
  const counts = new Map<string, number>();
  for (const t of contentTerms(title.slice(0, 1000))) counts.set(t, (counts.get(t) ?? 0) + 1);
  return logNormalised(counts);
}

/** Document frequencies over the articles seen so far. */
export interface TermStats {
  docCount: number;
  df(term: string): number;
}

export function idf(stats: TermStats, term: string): number {
  return Math.max(0, Math.log((stats.docCount + 1) / (stats.df(term) + 0.5)));
}

/** Cosine of two vectors after weighting each term by its IDF. */
export function cosineIdf(a: SparseVector, b: SparseVector, stats: TermStats): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const weights = new Map<string, number>();
  const w = (t: string) => {
    let x = weights.get(t);
    if (x === undefined) {
      x = idf(stats, t);
      weights.set(t, x);
    }
    return x;
  };
  for (const [t, x] of a) {
    const i = w(t);
    const ax = x * i;
    na += ax * ax;
    const y = b.get(t);
    if (y !== undefined) dot += ax * y * i;
  }
  for (const [t, y] of b) {
    const by = y * w(t);
    nb += by * by;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export interface StoryState {
  id: number;
  title: string;
  centroid: SparseVector;
  articleCount: number;
  firstSeen: number;
  lastSeen: number;
  /** The member articles' vectors and times (oldest first), for 'topk' linkage. */
  members?: Member[];
}

export interface Member {
  v: SparseVector;
  time: number;
  /** The member's title vector (`titleVector`), when kept. */
  tv?: SparseVector;
}

/** Days between a time and a story's [first, last] span (0 inside it). */
export function gapDays(time: number, s: Pick<StoryState, 'firstSeen' | 'lastSeen'>): number {
  return Math.max(0, time - s.lastSeen, s.firstSeen - time) / DAY;
}

export function inWindow(time: number, s: Pick<StoryState, 'firstSeen' | 'lastSeen'>, cfg: StoryConfig = DEFAULT_STORY_CONFIG): boolean {
  return gapDays(time, s) <= cfg.windowDays;
}


/** The entity terms of a vector. */
export function entityPart(v: SparseVector): SparseVector {
  const out: SparseVector = new Map();
  for (const [t, x] of v) if (t.startsWith('@')) out.set(t, x);
  return out;
}

/** The content terms of each entity key ("@north korea" -> north, korea), kept: the gate asks for them per candidate story. */
const nameTermsCache = new Map<string, string[]>();
const NAME_TERMS_CACHE_SIZE = 100_000;

function nameTerms(entity: string): string[] {
  let terms = nameTermsCache.get(entity);
  if (!terms) {
    if (nameTermsCache.size >= NAME_TERMS_CACHE_SIZE) nameTermsCache.clear();
    terms = contentTerms(entity.slice(1));
    nameTermsCache.set(entity, terms);
  }
  return terms;
}

/**
 * One side's entity part, plus the other side's names that this side's words spell out without
 * capitals where the name finder looks ("Equifax was hacked" opens a sentence; "bitcoin" is
 * lower case), each as light as this side's lightest name.
 */
function withNamesInText(ea: SparseVector, v: SparseVector, eb: SparseVector): SparseVector {
  let out: SparseVector | null = null;
  let light = Infinity;
  for (const x of ea.values()) light = Math.min(light, x);
  for (const e of eb.keys()) {
    if (ea.has(e)) continue;
    const words = nameTerms(e);
    if (words.length && words.every((w) => v.has(w))) (out ??= new Map(ea)).set(e, light);
  }
  return out ?? ea;
}

/** The similarity an article needs to join a story `gap` days away from it. */
export function neededSimilarity(gap: number, cfg: StoryConfig): number {
  const rise = cfg.farRise * Math.max(0, gap - cfg.farRiseAfterDays) / 365;
  return cfg.farThreshold - (cfg.farThreshold - cfg.joinThreshold) * Math.exp(-gap / cfg.decayDays) + rise;
}

/**
 * How far the article's similarity to the story exceeds what it needs (>= 0: may join): for the
 * centroid, against the story's time span; for 'topk' linkage, mixed with the mean margin of the
 * k best members, each against its own publication time.
 */
export function storyMargin(v: SparseVector, time: number, s: StoryState, stats: TermStats, cfg: StoryConfig, tv?: SparseVector): number {
  const base = baseMargin(v, time, s, stats, cfg);
  return base === INELIGIBLE ? base : base + titleMargin(tv, time, s, stats, cfg);
}

/** The margin of a story the entity gate excludes. */
const INELIGIBLE = -1;

/** The title term of the margin: titleBonus x (best time-damped title cosine - titlePivot), when positive. */
export function titleMargin(tv: SparseVector | undefined, time: number, s: StoryState, stats: TermStats, cfg: StoryConfig): number {
  if (!cfg.titleBonus || !tv?.size || !s.members?.length) return 0;
  let best = 0;
  for (const m of s.members) {
    if (!m.tv?.size) continue;
    const damp = Math.exp(-Math.abs(time - m.time) / DAY / cfg.titleDays);
    if (damp <= best) continue;
    best = Math.max(best, damp * cosineIdf(tv, m.tv, stats));
  }
  return best > cfg.titlePivot ? cfg.titleBonus * (best - cfg.titlePivot) : 0;
}

function baseMargin(v: SparseVector, time: number, s: StoryState, stats: TermStats, cfg: StoryConfig): number {
  const similarity = cosineIdf(v, s.centroid, stats);
  if (cfg.entityGate > 0 && (cfg.gateOverride === null || similarity < cfg.gateOverride)) {
    const ea = entityPart(v);
    const eb = entityPart(s.centroid);
    if (ea.size && eb.size && cosineIdf(withNamesInText(ea, v, eb), withNamesInText(eb, s.centroid, ea), stats) < cfg.entityGate) return INELIGIBLE;
  }
  const centroid = similarity - neededSimilarity(gapDays(time, s), cfg);
  if (cfg.linkage !== 'topk' || !s.members?.length) return centroid;
  const margins = s.members
    .map((m) => cosineIdf(v, m.v, stats) - neededSimilarity(cfg.memberTime ? Math.abs(time - m.time) / DAY : gapDays(time, s), cfg))
    .sort((a, b) => b - a)
    .slice(0, cfg.topK);
  const mean = margins.reduce((a, b) => a + b, 0) / margins.length;
  return cfg.centroidMix * centroid + (1 - cfg.centroidMix) * mean;
}

export interface Decision {
  /** The story to join, or null for a new story. */
  join: number | null;
  /** Further stories this article links to the joined one: merge them into it. */
  merge: number[];
  /** The best story's margin (similarity minus what was needed). */
  score: number;
}

/** Chooses the story for an article among the candidate stories (all within the window). */
export function decide(v: SparseVector, time: number, candidates: StoryState[], stats: TermStats, cfg: StoryConfig = DEFAULT_STORY_CONFIG, tv?: SparseVector): Decision {
  const scored = candidates
    .filter((s) => inWindow(time, s, cfg))
    .map((s) => ({ s, score: storyMargin(v, time, s, stats, cfg, tv) }))
    .sort((x, y) => y.score - x.score || x.s.id - y.s.id);
  const best = scored[0];
  if (!best || best.score < 0) return { join: null, merge: [], score: best?.score ?? -1 };
  // The surviving story is the oldest of those linked; the others merge into it.
  let joined: SparseVector | null = null;
  const storiesClose = (x: StoryState): boolean => {
    if (cfg.storyMergeMargin === null) return false;
    if (!joined) {
      joined = new Map(best.s.centroid);
      addVector(joined, v);
    }
    const gap = Math.max(0, x.firstSeen - Math.max(best.s.lastSeen, time), Math.min(best.s.firstSeen, time) - x.lastSeen) / DAY;
    return cosineIdf(joined, x.centroid, stats) - neededSimilarity(gap, cfg) >= cfg.storyMergeMargin;
  };
  const linked = scored
    .filter((x, i) => i === 0 || x.score >= cfg.mergeMargin || (x.score >= 0 && x.score >= cfg.mergeRatio * best.score && storiesClose(x.s)))
    .map((x) => x.s);
  const keep = linked.reduce((a, b) => (b.firstSeen < a.firstSeen || (b.firstSeen === a.firstSeen && b.id < a.id) ? b : a));
  return { join: keep.id, merge: linked.filter((s) => s.id !== keep.id).map((s) => s.id), score: best.score };
}

/** The article's `n` heaviest terms under TF-IDF: the keys of the story posting lists. */
export function keyTerms(v: SparseVector, stats: TermStats, n: number): string[] {
  return [...v]
    .map(([t, x]) => [t, x * idf(stats, t)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([t]) => t);
}

/** Ranks stories by how many of the key terms list them (then by id) and keeps the first `limit`. */
export function rankCandidates(postings: Iterable<number[]>, limit: number): number[] {
  const shared = new Map<number, number>();
  for (const list of postings) for (const id of list) shared.set(id, (shared.get(id) ?? 0) + 1);
  return [...shared]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .map(([id]) => id);
}

/** Adds a vector to a centroid in place. */
export function addVector(centroid: SparseVector, v: SparseVector, scale = 1): void {
  for (const [t, x] of v) centroid.set(t, (centroid.get(t) ?? 0) + x * scale);
}

/** The heaviest `n` terms of a centroid (what is stored). */
export function pruneCentroid(c: SparseVector, n: number): SparseVector {
  if (c.size <= n) return c;
  return new Map([...c].sort((a, b) => b[1] - a[1]).slice(0, n));
}

/**
 * Folds an article into a story (in place). A story without a title (begun by untitled articles,
 * plain-text files) takes the article's: the first headline that joins it.
 */
export function addToStory(s: StoryState, a: Member & { title?: string }, cfg: StoryConfig = DEFAULT_STORY_CONFIG): void {
  const { v, time, tv } = a;
  addVector(s.centroid, v);
  s.centroid = pruneCentroid(s.centroid, cfg.maxCentroidTerms);
  if (cfg.linkage === 'topk' || cfg.titleBonus) {
    const m = (s.members ??= []);
    m.push(tv ? { v, time, tv } : { v, time });
    m.sort((a, b) => a.time - b.time);
    if (m.length > cfg.maxMembers) m.splice(0, m.length - cfg.maxMembers);
  }
  if (!s.title && a.title) s.title = a.title;
  s.articleCount += 1;
  if (time < s.firstSeen) s.firstSeen = time;
  if (time > s.lastSeen) s.lastSeen = time;
}

/** Folds story `from` into `into` (in place). */
export function mergeStories(into: StoryState, from: StoryState, cfg: StoryConfig = DEFAULT_STORY_CONFIG): void {
  addVector(into.centroid, from.centroid);
  into.centroid = pruneCentroid(into.centroid, cfg.maxCentroidTerms);
  if (from.members) {
    const m = (into.members ??= []);
    m.push(...from.members);
    m.sort((a, b) => a.time - b.time);
    if (m.length > cfg.maxMembers) m.splice(0, m.length - cfg.maxMembers);
  }
  if (!into.title) into.title = from.title;
  into.articleCount += from.articleCount;
  into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
  into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
}

/** In-memory document frequencies. */
export class MemoryTermStats implements TermStats {
  /** Documents counted, plus the prior's. */
  docCount: number;
  constructor(priorDocs = 0) {
    this.docCount = priorDocs;
  }
  private readonly counts = new Map<string, number>();
  df(term: string): number {
    return this.counts.get(term) ?? 0;
  }
  add(v: SparseVector): void {
    this.docCount++;
    for (const t of v.keys()) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
  }
}

export interface Assignment {
  storyId: number;
  /** Stories merged into `storyId` by this article. */
  merged: number[];
  created: boolean;
}

/** Story clustering held in memory: the algorithm of `StoryAssigner` without a database. */
export class StoryClusterer {
  readonly stats: MemoryTermStats;
  private readonly stories = new Map<number, StoryState>();
  /** story id -> the story it was merged into (followed to the end). */
  private readonly mergedInto = new Map<number, number>();
  private readonly postings = new Map<string, Set<number>>();
  private nextId = 1;

  constructor(readonly cfg: StoryConfig = DEFAULT_STORY_CONFIG) {
    this.stats = new MemoryTermStats(cfg.idfPriorDocs);
  }

  add(a: ArticleInput): Assignment {
    const v = articleVector(a, this.cfg);
    const tv = titleVector(a.title);
    this.stats.add(v);
    const keys = keyTerms(v, this.stats, this.cfg.keyTerms);
    const inTime = (id: number) => {
      const s = this.stories.get(id);
      return s !== undefined && inWindow(a.time, s, this.cfg);
    };
    const ids = rankCandidates(
      keys.map((k) => [...(this.postings.get(k) ?? [])].filter(inTime)),
      this.cfg.maxCandidates,
    );
    const d = decide(v, a.time, ids.map((id) => this.stories.get(id) as StoryState), this.stats, this.cfg, tv);
    let s: StoryState;
    if (d.join === null) {
      s = { id: this.nextId++, title: a.title, centroid: new Map(), articleCount: 0, firstSeen: a.time, lastSeen: a.time };
      this.stories.set(s.id, s);
    } else {
      s = this.stories.get(d.join) as StoryState;
      for (const id of d.merge) {
        const other = this.stories.get(id);
        if (!other) continue;
        mergeStories(s, other, this.cfg);
        this.stories.delete(id);
        this.mergedInto.set(id, s.id);
        for (const list of this.postings.values()) if (list.delete(id)) list.add(s.id);
      }
    }
    addToStory(s, { v, time: a.time, tv, title: a.title }, this.cfg);
    for (const k of keys) {
      const list = this.postings.get(k);
      if (list) list.add(s.id);
      else this.postings.set(k, new Set([s.id]));
    }
    return { storyId: s.id, merged: d.merge, created: d.join === null };
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
