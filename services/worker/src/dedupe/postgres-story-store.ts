import { sql, type Kysely, type Transaction } from 'kysely';
import { StoriesRepository, type Database } from '@newsline/db';
import { POSTINGS_PER_KEY, type Member, type SparseVector, type StoryState, type StoryStore } from '@newsline/dedupe';

type Vec = Record<string, number>;
interface StoredMember {
  v: Vec;
  time: number;
  /** The headline's vector (absent in descriptions stored before it was kept). */
  t?: Vec;
  /** The article addresses its reader and reports nobody (absent: it does not, or was stored before this was kept). */
  reader?: true;
}
/** A story's description as stored in story_descriptions.description. */
interface StoredDescription {
  centroid: Vec;
  lead: StoredMember;
  recent: StoredMember[];
  headline: { title: string; v: Vec } | null;
  articleCount?: number;
}

const toRecord = (v: SparseVector): Vec => {
  const o: Vec = {};
  for (const [k, x] of v) o[k] = Math.round(x * 1e6) / 1e6;
  return o;
};
const toVector = (o: Vec): SparseVector => new Map(Object.entries(o));
const toMember = (m: StoredMember): Member => ({
  v: toVector(m.v),
  time: Number(m.time),
  ...(m.t ? { t: toVector(m.t) } : {}),
  ...(m.reader ? { reader: true as const } : {}),
});
const fromMember = (m: Member): StoredMember => ({
  v: toRecord(m.v),
  time: m.time,
  ...(m.t?.size ? { t: toRecord(m.t) } : {}),
  ...(m.reader ? { reader: true as const } : {}),
});

function serialise(s: StoryState): string {
  const d: StoredDescription = {
    centroid: toRecord(s.centroid),
    lead: fromMember(s.lead),
    recent: s.recent.map(fromMember),
    headline: s.headline ? { title: s.headline.title, v: toRecord(s.headline.v) } : null,
    articleCount: s.articleCount,
  };
  return JSON.stringify(d);
}

/**
 * The story store of the worker's dedupe stage, in Postgres (`placeArticle` is the algorithm).
 * All writes go through the caller's transaction. Locks (transaction-scoped advisory locks, each
 * kind in ascending order, always in this order): the article's key terms (articles of one event
 * share some, so they are placed one after the other), then its candidate stories' ids; never a
 * lock that every article takes. Document frequencies are counted
 * on `counter` when given (a pool of its own, outside the transaction): they are hot rows that every
 * article touches, and a retried article counting twice is harmless to an IDF.
 */
export class PostgresStoryStore implements StoryStore {
  private readonly repo: StoriesRepository;
  private readonly counter: StoriesRepository;

  constructor(
    private readonly trx: Transaction<Database>,
    counter?: Kysely<Database>,
  ) {
    this.repo = new StoriesRepository(trx);
    this.counter = counter ? new StoriesRepository(counter) : this.repo;
  }

  countTerms(terms: string[]) {
    return this.counter.countDocument(terms);
  }

  termFrequencies(terms: string[]) {
    return this.repo.termFrequencies(terms);
  }

  lockKeys(keys: string[]) {
    return this.repo.lockTerms(keys);
  }

  candidates(keys: string[], from: number, to: number, limit: number) {
    return this.repo.candidates(keys, new Date(from), new Date(to), limit, POSTINGS_PER_KEY);
  }

  /**
   * A candidate merged away after the candidates were listed stands for the story it was merged
   * into (locked too, then loaded): otherwise an article of that story would miss it and start
   * a story of its own. Stories come back in the order of `ids`, each once.
   */
  async lockAndLoad(ids: number[]): Promise<StoryState[]> {
    await this.repo.lockStories(ids);
    const byId = new Map((await this.repo.load(ids)).map((r) => [Number(r.id), r]));
    let order = ids;
    for (let round = 0; round < 4; round++) {
      const gone = order.filter((id) => !byId.has(id));
      if (!gone.length) break;
      const into = await this.repo.mergedInto(gone);
      if (!into.size) break;
      const targets = [...new Set(into.values())].filter((id) => !byId.has(id));
      // Out of ascending order: a deadlock with another merge is reported by Postgres and retried.
      await this.repo.lockStories(targets);
      for (const r of await this.repo.load(targets)) byId.set(Number(r.id), r);
      order = order.map((id) => into.get(id) ?? id);
    }
    const rows = [...new Set(order)].map((id) => byId.get(id)).filter((r) => r !== undefined);
    return rows.map((r) => {
      const d = r.description as StoredDescription;
      return {
        id: Number(r.id),
        headline: d.headline ? { title: d.headline.title, v: toVector(d.headline.v) } : null,
        centroid: toVector(d.centroid),
        articleCount: d.articleCount ?? 1,
        firstSeen: r.first_seen_at.getTime(),
        lastSeen: r.last_seen_at.getTime(),
        lead: toMember(d.lead),
        recent: d.recent.map(toMember),
      };
    });
  }

  create(s: StoryState) {
    return this.repo.create({ title: s.headline?.title ?? null, firstSeen: new Date(s.firstSeen), lastSeen: new Date(s.lastSeen), description: serialise(s) });
  }

  save(s: StoryState) {
    return this.repo.saveJoined(s.id, { title: s.headline?.title ?? null, firstSeen: new Date(s.firstSeen), lastSeen: new Date(s.lastSeen), description: serialise(s) });
  }

  merge(from: number, into: number) {
    return this.repo.merge(from, into);
  }

  addKeys(storyId: number, keys: string[]) {
    return this.repo.addKeys(storyId, keys);
  }

  /** A range of stories_last_seen_idx, at most `cap` rows read. */
  async activeStories(from: number, to: number, cap: number) {
    const r = await sql<{ n: number }>`select count(*)::int as n from (
        select 1 from stories where last_seen_at between ${new Date(from)} and ${new Date(to)} and merged_into is null limit ${cap}
      ) s`.execute(this.trx);
    return r.rows[0]?.n ?? 0;
  }
}
