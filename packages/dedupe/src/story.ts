import { contentTerms, entities, isTitleCase, lowerCaseNames } from './terms.js';

/**
 * Story clustering, one article at a time (single pass), over a bounded description of each story.
 *
 * - An article is a sparse vector of the content terms of its lead (first `maxBodyTerms`), its title
 *   terms (x `titleWeight`) and the names in title and lead ("@north korea", x `entityWeight`), each
 *   1 + log(count), L2-normalised. Similarity is cosine under IDF, the document frequencies counted
 *   over the stream so far (with a prior of `idfPriorDocs` empty documents).
 * - A story is described by a bounded state, whatever its size: its lead article, its
 *   `recentMembers` latest articles and a centroid capped at `centroidTerms` terms. A story that
 *   took in many articles does not match more of what comes next: it is compared through at most
 *   1 + recentMembers articles and a centroid of fixed size (the union of everything it saw made
 *   one story absorb a busy day).
 * - Score of a story = mean of the centroid's margin and of the mean margin of the `topK` most
 *   similar kept articles, where margin = similarity - needed(gap). The similarity needed rises from
 *   `joinThreshold` (same day) to `farThreshold` (months apart), and past a year further still.
 * - Evidence: a story may be joined only when the article shares a specific name with one of the
 *   story's kept articles most like it (a name whose IDF is at least `nameSpecificity`: a name half
 *   the day's articles carry is no evidence), or when the similarity itself reaches
 *   `strongSimilarity`. Being on the same day is no evidence: on a live stream everything is.
 * - How busy the time is: the need is lowered for kept articles close in time when few stories were
 *   last seen within `reliefWindowHours` of the article (`timeRelief`): on a quiet stretch two
 *   articles hours apart are likely one event, on a busy day closeness in time says nothing. On a
 *   busy stretch (`busyStories` stories in that window) evidence takes two specific shared names,
 *   and a page that speaks to its reader and reports nobody (a guide, a list: `addressesReader`)
 *   joins or is joined only on `strongSimilarity`; off one, a headline `headlineSimilarity` like a same-day kept article's joins (with evidence;
 *   one `headlineEvidence` like it is evidence by itself).
 * - The best story with margin >= 0 is joined, else a new story starts. A second story is merged
 *   in only when the article also clears it by `mergeMargin` (with evidence).
 * - A story's title is the headline most central to it (closest to its centroid) among the
 *   current title and the joining article's headline, revisited at each join.
 * - With `model` set, a learned decision replaces the margins: a logistic regression over
 *   `storyFeatures` (story-model.ts, learned by test/dedupe/learn-story-model.ts on half of the
 *   events) ranks the candidates and joins the best when its probability reaches
 *   `joinProbability`. Measured, it does no better than the rule and builds larger wrong stories,
 *   so the default is the rule (model: null).
 *
 * The algorithm is `placeArticle` (cluster.ts) over a `StoryStore`: in memory for `newsline
 * cluster` and the tests; in Postgres in the worker service.
 */
export interface StoryConfig {
  /** Weight of a title term relative to a body term (4, not 3: one day 0.912 instead of 0.901, busy-day unchanged; 5 makes a 39-article story on busy-day). */
  titleWeight: number;
  /** Weight of a name relative to a body term. */
  entityWeight: number;
  /** Only the first N content terms of the body count (the lead carries the event; the tail carries boilerplate). */
  maxBodyTerms: number;
  /** Similarity needed to join a story on the same day. */
  joinThreshold: number;
  /** Similarity needed to join a story months away; the need rises as 1 - exp(-gap / decayDays). */
  farThreshold: number;
  decayDays: number;
  /** Past a year apart, the need rises by this much more a year (a year-off date still joins on nearly the same text). */
  farRise: number;
  /** Stories further than this from the article in time are not candidates. */
  windowDays: number;
  /** A shared name is evidence when its IDF reaches this (ln(N/df): 3 is about 1 article in 20). */
  nameSpecificity: number;
  /** A similarity that is evidence on its own, without a shared specific name. */
  strongSimilarity: number;
  /** Articles a story keeps besides its lead (the latest). */
  recentMembers: number;
  /** Terms kept in a story's centroid (the heaviest). */
  centroidTerms: number;
  /** The story's k kept articles most like the article make its member score. */
  topK: number;
  /** An article's key terms (heaviest under TF-IDF) list its story for candidate retrieval. */
  keyTerms: number;
  /** At most this many candidate stories (those sharing most key terms) are scored. */
  maxCandidates: number;
  /** IDF prior: document frequencies counted as if this many earlier documents had none of the terms. */
  idfPriorDocs: number;
  /** A second story is merged in when the article also clears it by this margin. */
  mergeMargin: number;
  /**
   * The learned decision (story-model.ts): ranks the candidate stories by its probability and
   * joins the best when it reaches `joinProbability`. null: the hand rule (margins over the needed
   * similarity, with the evidence gate).
   */
  model: StoryModel | null;
  /** A capitalised phrase the text also writes in lower case at least as often is a topic, not a name. */
  lowerCaseNamesAreTopics: boolean;
  /** With the model: a story without evidence (strongSimilarity or a shared name of nameSpecificity) is not joined. */
  requireEvidence: boolean;
  /**
   * Closeness in time is evidence only when the time is quiet: the similarity needed at a gap of
   * `gap` days is lowered by timeRelief * exp(-gap / reliefDays) * reliefStories / (reliefStories +
   * active), where `active` is the number of stories last seen within reliefWindowHours of the
   * article (counted up to activeCap). Two articles hours apart on a stretch with one story or two
   * are likely one event; on a busy day (hundreds of stories in the window) the relief is nil.
   * 0: no relief.
   */
  timeRelief: number;
  reliefStories: number;
  reliefDays: number;
  reliefWindowHours: number;
  activeCap: number;
  /**
   * From this many stories active within reliefWindowHours of the article, one specific shared name
   * is no longer evidence: two are needed (or strongSimilarity). On a busy stretch, unrelated pages on
   * one subject share a rare name by chance (a grape variety, a software product); the articles of
   * one event share several (people, places, organisations); and a page that addresses its reader
   * and reports nobody (`addressesReader`) joins, or is joined, on strongSimilarity alone. Above
   * activeCap: never (and with no time relief either, no count is asked of the store).
   */
  busyStories: number;
  /**
   * Off a busy stretch (fewer than busyStories active), with evidence, a headline this similar to
   * that of a kept article within reliefDays joins even when the lead is less similar than needed
   * (one day's reports of one event: "Bitcoin drops below $7,000" written up at different lengths).
   */
  headlineSimilarity: number;
  /**
   * Off a busy stretch, a headline this similar to a same-day kept article's is evidence by itself
   * (an agency headline several outlets run may name nothing the name finder takes); above
   * headlineSimilarity, as a template ("7.0 earthquake in Izmir: toll rises") is alike across events.
   */
  headlineEvidence: number;
}

export const DEFAULT_STORY_CONFIG: StoryConfig = {
  titleWeight: 4,
  entityWeight: 2,
  maxBodyTerms: 150,
  joinThreshold: 0.2,
  farThreshold: 0.22,
  decayDays: 30,
  farRise: 0.2,
  windowDays: 730,
  nameSpecificity: 3,
  strongSimilarity: 0.45,
  recentMembers: 8,
  centroidTerms: 200,
  topK: 3,
  keyTerms: 40,
  maxCandidates: 20,
  idfPriorDocs: 50,
  mergeMargin: 0.1,
  // The learned decision (STORY_MODEL) is measured but not the default: see the README's stories section.
  model: null,
  requireEvidence: true,
  lowerCaseNamesAreTopics: true,
  timeRelief: 0.1,
  reliefStories: 2,
  reliefDays: 1,
  reliefWindowHours: 3,
  activeCap: 200,
  busyStories: 150,
  headlineSimilarity: 0.6,
  headlineEvidence: 0.8,
};

const DAY = 86_400_000;
const YEAR_DAYS = 365;

export type SparseVector = Map<string, number>;

export interface ArticleInput {
  title: string;
  text: string;
  /** Publication time (ms since epoch); the arrival time when the article has no date. */
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
  const named = (isTitleCase(a.title) ? '' : a.title.slice(0, 1000) + '.\n') + leadText(a.text, cfg.maxBodyTerms * 2);
  const names = entities(named);
  const topics = cfg.lowerCaseNamesAreTopics ? lowerCaseNames(named, names) : null;
  for (const e of names) if (!topics?.has(e)) add('@' + e, cfg.entityWeight);
  return logNormalised(counts);
}

/** The headline's own vector: its content terms and (unless it is in Title Case) its names. */
export function titleVector(title: string): SparseVector {
  const counts = new Map<string, number>();
  const head = title.slice(0, 1000);
  for (const t of contentTerms(head)) counts.set(t, (counts.get(t) ?? 0) + 1);
  if (!isTitleCase(head)) for (const e of entities(head + '.')) counts.set('@' + e, (counts.get('@' + e) ?? 0) + 1);
  return logNormalised(counts);
}

/** Document frequencies over the articles seen so far. */
export interface TermStats {
  docCount: number;
  df(term: string): number;
  /** IDFs already computed (for stats that do not change while an article is placed). */
  idfCache?: Map<string, number>;
}

export function idf(stats: TermStats, term: string): number {
  const cached = stats.idfCache?.get(term);
  if (cached !== undefined) return cached;
  const x = Math.max(0, Math.log((stats.docCount + 1) / (stats.df(term) + 0.5)));
  stats.idfCache?.set(term, x);
  return x;
}

/** Cosine of two vectors after weighting each term by its IDF. */
export function cosineIdf(a: SparseVector, b: SparseVector, stats: TermStats): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const w = (t: string) => idf(stats, t);
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
 * One side's entity part, plus the other side's one-word names that this side's words spell out
 * without capitals where the name finder looks ("Equifax was hacked" opens a sentence; "bitcoin" is
 * lower case), each as light as this side's lightest name. Longer names are not taken from plain
 * words: a phrase one page capitalises in its headings and another writes in lower case ("Zero
 * Waste" / "zero waste") is a subject two unrelated pages share, not a name (on busy-day, taking
 * them made B-cubed precision 0.792 instead of 0.832).
 */
function withNamesInText(ea: SparseVector, v: SparseVector, eb: SparseVector): SparseVector {
  let out: SparseVector | null = null;
  let light = Infinity;
  for (const x of ea.values()) light = Math.min(light, x);
  for (const e of eb.keys()) {
    if (ea.has(e)) continue;
    const words = nameTerms(e);
    if (words.length && words.length === 1 && words.every((w) => v.has(w))) (out ??= new Map(ea)).set(e, light);
  }
  return out ?? ea;
}

/** A kept article of a story. */
export interface Member {
  v: SparseVector;
  time: number;
  /** The headline's vector (titleVector); absent for articles stored before it was kept. */
  t?: SparseVector;
  /** The article addresses its reader and reports nobody (`addressesReader`); absent: it does not. */
  reader?: boolean;
}

/** The headline a story shows, with the vector of the article that carries it. */
export interface Headline {
  title: string;
  v: SparseVector;
}

/** A story's bounded description: what an article is compared with, and all that is stored. */
export interface StoryState {
  id: number;
  /** The headline most central to the story (null while no article of it has a title). */
  headline: Headline | null;
  /** The heaviest `centroidTerms` terms of the sum of its articles' vectors. */
  centroid: SparseVector;
  articleCount: number;
  firstSeen: number;
  lastSeen: number;
  /** The first article (kept whatever comes after). */
  lead: Member;
  /** The latest `recentMembers` articles after the lead, oldest first. */
  recent: Member[];
}

/** Days between a time and a story's [first, last] span (0 inside it). */
export function gapDays(time: number, s: Pick<StoryState, 'firstSeen' | 'lastSeen'>): number {
  return Math.max(0, time - s.lastSeen, s.firstSeen - time) / DAY;
}

export function inWindow(time: number, s: Pick<StoryState, 'firstSeen' | 'lastSeen'>, cfg: StoryConfig = DEFAULT_STORY_CONFIG): boolean {
  return gapDays(time, s) <= cfg.windowDays;
}

/** The similarity an article needs to join a story `gap` days away from it. */
export function neededSimilarity(gap: number, cfg: StoryConfig, active?: number): number {
  const rise = (cfg.farRise * Math.max(0, gap - YEAR_DAYS)) / YEAR_DAYS;
  const relief = active === undefined || !cfg.timeRelief ? 0 : (cfg.timeRelief * Math.exp(-gap / cfg.reliefDays) * cfg.reliefStories) / (cfg.reliefStories + active);
  return cfg.farThreshold - (cfg.farThreshold - cfg.joinThreshold) * Math.exp(-gap / cfg.decayDays) + rise - relief;
}

/** The specificity (IDF) of the most specific name two vectors share (names either side's words spell out count). */
export function sharedNameSpecificity(a: SparseVector, b: SparseVector, stats: TermStats): number {
  return sharedNames(a, b, stats, Infinity).best;
}

/** The IDF of the most specific name two vectors share, and how many shared names reach `specific`. */
export function sharedNames(a: SparseVector, b: SparseVector, stats: TermStats, specific: number): { best: number; count: number } {
  const ea = entityPart(a);
  const eb = entityPart(b);
  if (!ea.size || !eb.size) return { best: 0, count: 0 };
  const a2 = withNamesInText(ea, a, eb);
  const b2 = withNamesInText(eb, b, ea);
  let best = 0;
  let count = 0;
  for (const e of a2.keys()) {
    if (!b2.has(e)) continue;
    const x = idf(stats, e);
    best = Math.max(best, x);
    if (x >= specific) count++;
  }
  return { best, count };
}

/** The margin of a story the article may not join (no evidence). */
const INELIGIBLE = -1;

/** The kept articles of a story: its lead and its recent ones. */
export function keptMembers(s: StoryState): Member[] {
  return [s.lead, ...s.recent];
}

/**
 * Evidence that an article belongs with a story: a strong similarity or a specific name shared with
 * one of its topK kept articles most like it; two specific names when `active` (stories last seen
 * within reliefWindowHours) reaches busyStories. On such a busy stretch, when the article or the kept
 * article addresses its reader and reports nobody (`reader`: a guide, a list, a product page), only
 * the strong similarity is evidence: pages on one subject share product and firm names by chance.
 */
function hasEvidence(v: SparseVector, top: { m: Member; sim: number }[], stats: TermStats, cfg: StoryConfig, active?: number, reader?: boolean): boolean {
  const busy = active !== undefined && active >= cfg.busyStories;
  return top.some((x) => {
    if (x.sim >= cfg.strongSimilarity) return true;
    if (busy && (reader || x.m.reader)) return false;
    return sharedNames(v, x.m.v, stats, cfg.nameSpecificity).count >= (busy ? 2 : 1);
  });
}

/**
 * How far the article's similarity to the story exceeds what it needs (>= 0: may join), or
 * INELIGIBLE (-1) without evidence: the mean of the centroid's margin (against the story's span)
 * and the mean margin of the topK kept articles most like it (each against its own time). Off a
 * busy stretch, a story whose kept article within reliefDays has a headline at least
 * `headlineSimilarity` like the article's (`title`) scores that excess instead of a negative margin
 * (with evidence; a headline `headlineEvidence` alike is evidence by itself).
 */
export function storyMargin(v: SparseVector, time: number, s: StoryState, stats: TermStats, cfg: StoryConfig, active?: number, title?: SparseVector, reader?: boolean): number {
  const scored = keptMembers(s)
    .map((m) => ({ m, sim: cosineIdf(v, m.v, stats) }))
    .sort((x, y) => y.sim - x.sim)
    .slice(0, cfg.topK);
  const centroidSim = cosineIdf(v, s.centroid, stats);
  // The headline path: off a busy stretch, a headline like a kept one of the same day joins on it (a near-identical one is evidence).
  let best = 0;
  if (title?.size && (active ?? cfg.activeCap) < cfg.busyStories)
    for (const m of keptMembers(s)) if (m.t?.size && Math.abs(time - m.time) <= cfg.reliefDays * DAY) best = Math.max(best, cosineIdf(title, m.t, stats));
  const headline = best >= cfg.headlineSimilarity;
  if (best < cfg.headlineEvidence && !hasEvidence(v, scored, stats, cfg, active, reader)) return INELIGIBLE;
  const margin = timedMargin(time, s, centroidSim, scored, cfg, active);
  return margin >= 0 || !headline ? margin : best - cfg.headlineSimilarity;
}

/** The mean of the centroid's margin over the similarity needed at its gap and of the mean margin of the `top` kept articles (each at its own gap). */
function timedMargin(time: number, s: StoryState, centroidSim: number, top: { m: Member; sim: number }[], cfg: StoryConfig, active?: number): number {
  const members = top.reduce((sum, x) => sum + x.sim - neededSimilarity(Math.abs(time - x.m.time) / DAY, cfg, active), 0) / Math.max(1, top.length);
  return 0.5 * (centroidSim - neededSimilarity(gapDays(time, s), cfg, active)) + 0.5 * members;
}

export interface Decision {
  /** The story to join, or null for a new story. */
  join: number | null;
  /** Further stories this article links to the joined one: merge them into it. */
  merge: number[];
  /** The best story's score: its margin (rule) or its probability of being the article's event (model). */
  score: number;
}

/** An article as the decision sees it. */
export interface PlacedArticle {
  v: SparseVector;
  /** The headline's vector (titleVector). */
  t?: SparseVector;
  time: number;
  /** Stories active within reliefWindowHours of the article (at most activeCap), when counted. */
  active?: number;
  /** The article addresses its reader and reports nobody (`addressesReader`). */
  reader?: boolean;
}

/** The features of an (article, candidate story) pair the learned decision weighs, in this order. */
export const STORY_FEATURES = [
  'top1', // cosine with the most similar kept article
  'topK', // mean cosine with the topK most similar kept articles
  'centroid', // cosine with the centroid
  'names', // cosine of the names alone (article vs centroid)
  'nameIdf', // IDF of the most specific name shared with one of the topK kept articles (/ 10)
  'title', // best cosine of the headlines (article vs kept articles)
  'margin', // the hand rule's margin (similarities over what is needed at their time gaps): time enters only here
  'specificNames', // most specific names (IDF >= nameSpecificity) shared with one of the topK kept articles (/ 5, at most 1)
  'articleNames', // share of the article's vector weight on names
] as const;

/** The feature vector of an article against one candidate story (see STORY_FEATURES). */
export function storyFeatures(a: PlacedArticle, s: StoryState, stats: TermStats, cfg: StoryConfig): number[] {
  const scored = keptMembers(s)
    .map((m) => ({ m, sim: cosineIdf(a.v, m.v, stats) }))
    .sort((x, y) => y.sim - x.sim);
  const top = scored.slice(0, cfg.topK);
  const best = top[0];
  let nameIdf = 0;
  let specificNames = 0;
  for (const x of top) {
    const n = sharedNames(a.v, x.m.v, stats, cfg.nameSpecificity);
    nameIdf = Math.max(nameIdf, n.best);
    specificNames = Math.max(specificNames, n.count);
  }
  let nameMass = 0;
  for (const [term, x] of a.v) if (term.startsWith('@')) nameMass += x * x;
  let title = 0;
  if (a.t && a.t.size) for (const x of scored) if (x.m.t && x.m.t.size) title = Math.max(title, cosineIdf(a.t, x.m.t, stats));
  const centroid = cosineIdf(a.v, s.centroid, stats);
  return [
    best?.sim ?? 0,
    top.reduce((sum, x) => sum + x.sim, 0) / Math.max(1, top.length),
    centroid,
    cosineIdf(entityPart(a.v), entityPart(s.centroid), stats),
    Math.min(nameIdf, 10) / 10,
    title,
    timedMargin(a.time, s, centroid, top, cfg),
    Math.min(specificNames, 5) / 5,
    nameMass,
  ];
}

/** A logistic model of "this story is the article's event" over STORY_FEATURES (learned offline: see story-model.ts). */
export interface StoryModel {
  features: readonly string[];
  /** Per feature: subtracted, then divided by scale. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** The best story is joined when its probability reaches this. */
  joinProbability: number;
  /** A further story is merged in when its probability reaches this. */
  mergeProbability: number;
}

export function eventProbability(model: StoryModel, f: number[]): number {
  let z = model.bias;
  for (let i = 0; i < f.length; i++) z += (model.weights[i] as number) * (((f[i] as number) - (model.mean[i] as number)) / (model.scale[i] as number));
  return 1 / (1 + Math.exp(-z));
}

/** Chooses the story for an article among the candidate stories. */
export function decide(a: PlacedArticle, candidates: StoryState[], stats: TermStats, cfg: StoryConfig = DEFAULT_STORY_CONFIG): Decision {
  const model = cfg.model;
  const live = candidates.filter((s) => inWindow(a.time, s, cfg));
  const scored = model
    ? live.map((s) => {
        const f = storyFeatures(a, s, stats, cfg);
        const evidence = f[0]! >= cfg.strongSimilarity || f[4]! * 10 >= cfg.nameSpecificity;
        return { s, score: !cfg.requireEvidence || evidence ? eventProbability(model, f) : 0 };
      })
    : live.map((s) => ({ s, score: storyMargin(a.v, a.time, s, stats, cfg, a.active, a.t, a.reader) }));
  scored.sort((x, y) => y.score - x.score || x.s.id - y.s.id);
  const joinAt = model ? model.joinProbability : 0;
  const mergeAt = model ? model.mergeProbability : cfg.mergeMargin;
  const best = scored[0];
  if (!best || best.score < joinAt) return { join: null, merge: [], score: best?.score ?? INELIGIBLE };
  // The surviving story is the oldest of those linked; the others merge into it.
  const linked = scored.filter((x, i) => i === 0 || x.score >= mergeAt).map((x) => x.s);
  const keep = linked.reduce((p, q) => (q.firstSeen < p.firstSeen || (q.firstSeen === p.firstSeen && q.id < p.id) ? q : p));
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

/** Adds a vector to a centroid in place. */
export function addVector(centroid: SparseVector, v: SparseVector, scale = 1): void {
  for (const [t, x] of v) centroid.set(t, (centroid.get(t) ?? 0) + x * scale);
}

/** The heaviest `n` terms of a centroid (what is kept). */
export function pruneCentroid(c: SparseVector, n: number): SparseVector {
  if (c.size <= n) return c;
  return new Map([...c].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n));
}

/** What a story keeps of an article (no empty fields). */
function keptMember(a: Member): Member {
  const m: Member = { v: a.v, time: a.time };
  if (a.t) m.t = a.t;
  if (a.reader) m.reader = true;
  return m;
}

/** A new story of one article. */
export function newStory(id: number, a: Member & { title?: string }, cfg: StoryConfig = DEFAULT_STORY_CONFIG): StoryState {
  const lead = keptMember(a);
  return {
    id,
    headline: a.title ? { title: a.title, v: a.v } : null,
    centroid: pruneCentroid(new Map(a.v), cfg.centroidTerms),
    articleCount: 1,
    firstSeen: a.time,
    lastSeen: a.time,
    lead,
    recent: [],
  };
}

function keepRecent(recent: Member[], n: number): Member[] {
  const sorted = [...recent].sort((a, b) => a.time - b.time);
  return sorted.slice(Math.max(0, sorted.length - n));
}

/** The headline of the two closest to the story's centroid (the earlier one on a tie). */
function centralHeadline(current: Headline | null, candidate: Headline | null, centroid: SparseVector, stats: TermStats): Headline | null {
  if (!current || !candidate) return current ?? candidate;
  return cosineIdf(candidate.v, centroid, stats) > cosineIdf(current.v, centroid, stats) ? candidate : current;
}

/** Folds an article into a story (in place); the headline is revisited. */
export function addToStory(s: StoryState, a: Member & { title?: string }, stats: TermStats, cfg: StoryConfig = DEFAULT_STORY_CONFIG): void {
  addVector(s.centroid, a.v);
  s.centroid = pruneCentroid(s.centroid, cfg.centroidTerms);
  s.recent = keepRecent([...s.recent, keptMember(a)], cfg.recentMembers);
  s.headline = centralHeadline(s.headline, a.title ? { title: a.title, v: a.v } : null, s.centroid, stats);
  s.articleCount += 1;
  s.firstSeen = Math.min(s.firstSeen, a.time);
  s.lastSeen = Math.max(s.lastSeen, a.time);
}

/** Folds story `from` into `into` (in place): the older lead stays the lead. */
export function mergeStories(into: StoryState, from: StoryState, stats: TermStats, cfg: StoryConfig = DEFAULT_STORY_CONFIG): void {
  addVector(into.centroid, from.centroid);
  into.centroid = pruneCentroid(into.centroid, cfg.centroidTerms);
  const [lead, other] = from.lead.time < into.lead.time ? [from.lead, into.lead] : [into.lead, from.lead];
  into.lead = lead;
  into.recent = keepRecent([...into.recent, ...from.recent, other], cfg.recentMembers);
  into.headline = centralHeadline(into.headline, from.headline, into.centroid, stats);
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
