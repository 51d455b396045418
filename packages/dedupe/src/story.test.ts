import { describe, expect, it } from 'vitest';
import { stem } from '@newsline/formats';
import { addressesReader, entities, contentTerms } from './terms.js';
import { DEFAULT_STORY_CONFIG, articleVector, cosineIdf, eventProbability, MemoryTermStats, neededSimilarity, newStory, storyMargin, titleVector, type StoryConfig } from './story.js';
import { MemoryStoryStore, placeArticle, SortedTimes } from './cluster.js';
import { STORY_MODEL } from './story-model.js';

/** The clustering algorithm over a memory store. */
function clusterer(cfg: StoryConfig = DEFAULT_STORY_CONFIG) {
  const store = new MemoryStoryStore();
  return {
    add: (a: { title: string; text: string; time: number }) => placeArticle(store, a, cfg),
    resolve: (id: number) => store.resolve(id),
    story: (id: number) => store.story(id),
  };
}

const DAY = 86_400_000;

/** The hand rule (the default) and the learned decision (story-model.ts). */
const DECISIONS: [string, StoryConfig][] = [
  ['rule', DEFAULT_STORY_CONFIG],
  ['learned', { ...DEFAULT_STORY_CONFIG, model: STORY_MODEL }],
];
const t0 = Date.parse('2024-03-01T00:00:00Z');

interface Quake {
  place: string;
  region: string;
  mag: string;
  leads: string[];
}

const IZMIR: Quake = {
  place: 'Izmir',
  region: 'Turkey',
  mag: '7.0',
  leads: [
    'A magnitude 7.0 earthquake struck the Aegean coast of Turkey on Friday, toppling apartment blocks in Izmir and killing at least 24 people, the AFAD disaster agency said.',
    'Rescuers in Izmir pulled a teenage girl alive from the rubble of a collapsed building, as Turkish President Recep Tayyip Erdogan said the death toll from the Aegean quake had risen to 37.',
    'Aftershocks rattled Izmir and the Greek island of Samos overnight; Greek Prime Minister Kyriakos Mitsotakis called Erdogan to offer help after the earthquake.',
    'The death toll from the Izmir earthquake climbed to 81 as search teams from AFAD worked through the night in the Bayrakli district, Turkish officials said.',
  ],
};
const SULAWESI: Quake = {
  place: 'Sulawesi',
  region: 'Indonesia',
  mag: '6.2',
  leads: [
    'A 6.2-magnitude earthquake hit West Sulawesi in Indonesia before dawn on Friday, killing at least 34 people and damaging a hospital in Mamuju, the BNPB disaster agency said.',
    'Indonesian rescuers searched collapsed buildings in Mamuju for survivors after the Sulawesi quake, as President Joko Widodo ordered troops to help the relief effort.',
    'Thousands of residents of Mamuju slept in tents as aftershocks continued, BNPB said, and the death toll from the West Sulawesi earthquake rose to 84.',
  ],
};
const OTHER = [
  { title: 'Central bank raises rates', text: 'The Federal Reserve raised its benchmark interest rate by a quarter point on Wednesday, citing persistent inflation in services.' },
  { title: 'Champions League final', text: 'Real Madrid beat Liverpool 1-0 in the Champions League final in Paris, with Vinicius Junior scoring the only goal.' },
  { title: 'Election results', text: 'Voters in Brazil returned Luiz Inacio Lula da Silva to the presidency in a runoff against Jair Bolsonaro, the electoral court said.' },
  { title: 'Chip maker profits', text: 'Shares in Nvidia rose after the chip maker reported record quarterly revenue driven by demand for data centre processors.' },
];

function quake(q: Quake, i: number, day: number) {
  return { title: `${q.mag} earthquake in ${q.place}: ${['toll rises', 'rescuers search rubble', 'aftershocks'][i % 3]}`, text: q.leads[i % q.leads.length] as string, time: t0 + day * DAY };
}

describe('terms', () => {
  it('stems plurals and tenses, drops stop words', () => {
    expect(stem('earthquakes')).toBe('earthquake');
    expect(stem('policies')).toBe('policy');
    expect(contentTerms('The earthquakes were reported in the city')).toEqual(['earthquake', 'city']);
  });

  it('keeps a figure with thousands separators as one term', () => {
    expect(contentTerms('A reward of $6,000 for 1,250,000 coins')).toEqual(['reward', '6000', '1250000', 'coin']);
    expect(contentTerms('Prices 3,50 and 12,3456')).toEqual(['price', '3456']);
  });

  it('finds named things, not sentence-initial words', () => {
    const e = entities('The Foreign Ministry of China said. Hua Chunying spoke on Friday in Beijing. DPRK fired.');
    expect(e).toContain('foreign ministry of china');
    expect(e).toContain('hua chunying');
    expect(e).toContain('beijing');
    expect(e).not.toContain('the');
  });

  it('ends a name at punctuation and takes a sentence-initial word the text also names elsewhere', () => {
    const e = entities('A truck hit a crowd in Nice, France on Thursday. Police said. Bitcoin fell. Traders sold Bitcoin on 6 Feb Bitstamp.');
    expect(e).toContain('nice');
    expect(e).toContain('france');
    expect(e).not.toContain('nice france');
    expect(e).toContain('bitcoin');
    expect(e).toContain('bitstamp');
    expect(e).not.toContain('feb bitstamp');
    expect(e).not.toContain('police');
    expect(entities('Executives on Equifax Inc.’s first earnings call spoke.')).toEqual(['equifax']);
  });

  it('tells a page that speaks to its reader from a report', () => {
    expect(addressesReader('Before you buy a thermostat, check your wiring. You will save more if your home is insulated.')).toBe(true);
    expect(addressesReader('The company said on Monday that you could not miss the change, and your bills will rise.')).toBe(false);
    expect(addressesReader('The storm closed roads across the state and cut power to thousands of homes.')).toBe(false);
  });
});

describe('story clustering', () => {
  it('similar articles score higher than unrelated ones', () => {
    const s = new MemoryTermStats(DEFAULT_STORY_CONFIG.idfPriorDocs);
    const a = articleVector(quake(IZMIR, 0, 0));
    const b = articleVector(quake(IZMIR, 1, 0));
    const c = articleVector({ title: 'Central bank raises rates', text: 'The central bank raised its key interest rate by a quarter point.' });
    [a, b, c].forEach((v) => s.add(v));
    expect(cosineIdf(a, b, s)).toBeGreaterThan(cosineIdf(a, c, s));
  });

  it('the learned decision rates a story higher the more the article shares with it, and a name-less match lower', () => {
    const f = (sim: number, names: number) => [sim, sim, sim, names ? sim : 0, names ? 0.6 : 0, sim, sim - 0.2, names / 5, 0.15];
    expect(STORY_MODEL.features).toHaveLength(f(0, 0).length);
    const p = (sim: number, names: number) => eventProbability(STORY_MODEL, f(sim, names));
    expect(p(0.5, 2)).toBeGreaterThan(STORY_MODEL.joinProbability);
    expect(p(0.05, 0)).toBeLessThan(STORY_MODEL.joinProbability);
    expect(p(0.3, 2)).toBeGreaterThan(p(0.3, 0));
    expect(p(0.4, 1)).toBeGreaterThan(p(0.2, 1));
  });

  it('needs more similarity the further a story is in time', () => {
    expect(neededSimilarity(0, DEFAULT_STORY_CONFIG)).toBeCloseTo(DEFAULT_STORY_CONFIG.joinThreshold);
    expect(neededSimilarity(365, DEFAULT_STORY_CONFIG)).toBeCloseTo(DEFAULT_STORY_CONFIG.farThreshold, 2);
    // Past a year it keeps rising: a page dated a year and a half off needs nearly the same text.
    expect(neededSimilarity(548, DEFAULT_STORY_CONFIG)).toBeGreaterThan(DEFAULT_STORY_CONFIG.farThreshold + 0.08);
    expect(neededSimilarity(730, DEFAULT_STORY_CONFIG)).toBeGreaterThan(neededSimilarity(548, DEFAULT_STORY_CONFIG));
  });

  it('needs less similarity for articles close in time only when few stories are active then', () => {
    const cfg = DEFAULT_STORY_CONFIG;
    const quiet = neededSimilarity(0.1, cfg, 0);
    const busy = neededSimilarity(0.1, cfg, cfg.activeCap);
    expect(quiet).toBeLessThan(neededSimilarity(0.1, cfg) - 0.05);
    expect(busy).toBeGreaterThan(neededSimilarity(0.1, cfg) - 0.002);
    expect(neededSimilarity(0.1, cfg, 5)).toBeGreaterThan(quiet);
    // Weeks apart, closeness in time no longer helps.
    expect(neededSimilarity(30, cfg, 0)).toBeCloseTo(neededSimilarity(30, cfg), 6);
  });

  it('on a busy stretch, a page that speaks to its reader is joined on similarity alone, not on shared names', () => {
    const cfg = DEFAULT_STORY_CONFIG;
    const guide = (title: string, body: string) => ({
      title,
      text: `${body} Compare Nest with Ecobee and Honeywell.`,
    });
    const a = guide('Is a smart thermostat worth it?', 'Heating bills rise every winter, and a schedule that follows your day keeps rooms warm only when needed. Savings depend on climate, insulation, habits and the tariff your supplier charges for gas or electricity at peak hours.');
    const b = guide('Which smart thermostat should you buy?', 'Installation takes an afternoon, and most models work with the wiring an older furnace already has. Check the common wire, switch off the breaker, label each terminal, mount the plate and connect the app to your router.');
    const stats = new MemoryTermStats(cfg.idfPriorDocs);
    const [va, vb] = [articleVector(a, cfg), articleVector(b, cfg)];
    stats.add(va);
    stats.add(vb);
    const story = (reader: boolean) => newStory(1, { v: va, t: titleVector(a.title), time: t0, reader }, cfg);
    const busy = cfg.busyStories;
    expect(cosineIdf(vb, va, stats)).toBeLessThan(cfg.strongSimilarity);
    // As reports, the two shared specific names are evidence; as pages that speak to their reader, they are not.
    expect(storyMargin(vb, t0, story(false), stats, cfg, busy, titleVector(b.title), false)).toBeGreaterThan(-1);
    expect(storyMargin(vb, t0, story(true), stats, cfg, busy, titleVector(b.title), true)).toBe(-1);
    expect(storyMargin(vb, t0, story(true), stats, cfg, busy, titleVector(b.title), false)).toBe(-1);
    // Off a busy stretch, names count as before.
    expect(storyMargin(vb, t0, story(true), stats, cfg, 0, titleVector(b.title), true)).toBeGreaterThan(-1);
  });

  it('counts times in a range as they are added and removed', () => {
    const s = new SortedTimes();
    for (const x of [5, 1, 3, 3, 9]) s.add(x);
    expect(s.count(3, 5)).toBe(3);
    s.remove(3);
    expect(s.count(3, 5)).toBe(2);
    expect(s.count(0, 100)).toBe(4);
    expect(s.count(6, 8)).toBe(0);
    s.remove(7);
    expect(s.count(0, 100)).toBe(4);
  });

  it.each(DECISIONS)('two earthquakes in different places in one week are two stories; a late article joins the right one (%s decision)', async (_name, cfg) => {
    const c = clusterer(cfg);
    const others: number[] = [];
    for (const [i, o] of OTHER.entries()) others.push((await c.add({ ...o, time: t0 + i * DAY })).storyId);
    expect(new Set(others).size).toBe(OTHER.length);
    const izmir: number[] = [];
    for (const i of [0, 1, 2]) izmir.push((await c.add(quake(IZMIR, i, i * 0.5))).storyId);
    const sulawesi: number[] = [];
    for (const i of [0, 1, 2]) sulawesi.push((await c.add(quake(SULAWESI, i, 5 + i * 0.5))).storyId);
    expect(new Set(izmir).size).toBe(1);
    expect(new Set(sulawesi).size).toBe(1);
    expect(izmir[0]).not.toBe(sulawesi[0]);
    expect(others).not.toContain(izmir[0]);
    // A late Izmir article, read after the Sulawesi articles: it joins the Izmir story.
    expect((await c.add(quake(IZMIR, 3, 7))).storyId).toBe(izmir[0]);
    expect(c.story(izmir[0]!)!.articleCount).toBe(4);
  });

  it.each(DECISIONS)('two earthquakes reported in the same hours, with the same headline template, stay two stories (%s decision)', async (_name, cfg) => {
    for (const offset of [0, 0.1, 1, 3, 10]) {
      const c = clusterer(cfg);
      for (const [i, o] of OTHER.entries()) await c.add({ ...o, time: t0 - (i + 1) * DAY });
      const izmir: number[] = [];
      const sulawesi: number[] = [];
      for (let i = 0; i < 4; i++) {
        izmir.push((await c.add(quake(IZMIR, i, i * 0.3))).storyId);
        if (i < 3) sulawesi.push((await c.add(quake(SULAWESI, i, offset + i * 0.3))).storyId);
      }
      const a = new Set(izmir.map((id) => c.resolve(id)));
      const b = new Set(sulawesi.map((id) => c.resolve(id)));
      expect(a.size).toBe(1);
      expect(b.size).toBe(1);
      expect([...a][0]).not.toBe([...b][0]);
    }
  });

  it.each(DECISIONS)('a story with many articles cannot absorb an unrelated one of the same day (%s decision)', async (_name, cfg) => {
    // One story of 60 articles on the same event, all on one day; each adds other words and names
    // (a union of everything seen would match almost anything). Then unrelated articles the same day.
    const c = clusterer(cfg);
    const places = ['Bayrakli', 'Karsiyaka', 'Bornova', 'Buca', 'Konak', 'Cigli'];
    const topics = ['schools', 'hospitals', 'ferries', 'markets', 'power lines', 'water mains', 'bridges', 'mosques', 'stadiums', 'hotels'];
    let big = 0;
    for (let i = 0; i < 60; i++) {
      const text = `${IZMIR.leads[i % IZMIR.leads.length]} In ${places[i % places.length]}, ${topics[i % topics.length]} were damaged and ${topics[(i + 3) % topics.length]} closed, officials from ${['AFAD', 'the Red Crescent', 'the governor', 'the mayor'][i % 4]} said; Izmir earthquake update number ${i}.`;
      const r = await c.add({ title: `Izmir earthquake: ${topics[i % topics.length]} damaged in ${places[i % places.length]}`, text, time: t0 + i * 60_000 });
      big = i === 0 ? r.storyId : big;
    }
    expect(c.story(big)!.articleCount).toBeGreaterThanOrEqual(40);
    for (const [i, o] of OTHER.entries()) {
      const r = await c.add({ ...o, time: t0 + (61 + i) * 60_000 });
      expect(c.resolve(r.storyId)).not.toBe(big);
    }
    // Its description stays bounded: the lead, the recent articles and a capped centroid.
    const s = c.story(big)!;
    expect(s.recent.length).toBeLessThanOrEqual(DEFAULT_STORY_CONFIG.recentMembers);
    expect(s.centroid.size).toBeLessThanOrEqual(DEFAULT_STORY_CONFIG.centroidTerms);
  });

  it('the story title is the headline most central to its articles, revisited as it grows', async () => {
    const c = clusterer();
    for (const [i, o] of OTHER.entries()) await c.add({ ...o, time: t0 - (i + 1) * DAY });
    // An untitled first article, then a headline about a side angle, then three on the event itself.
    const first = await c.add({ ...quake(IZMIR, 0, 0), title: '' });
    expect(c.story(first.storyId)!.headline).toBeNull();
    await c.add({ title: 'Greek island of Samos rattled by aftershocks', text: IZMIR.leads[0] as string, time: t0 + 0.2 * DAY });
    expect(c.story(first.storyId)!.headline?.title).toBe('Greek island of Samos rattled by aftershocks');
    for (const i of [1, 3, 1]) await c.add({ title: 'Izmir earthquake death toll rises as rescuers search rubble', text: `${IZMIR.leads[i]} ${IZMIR.leads[0]}`, time: t0 + 0.5 * DAY });
    const s = c.story(first.storyId)!;
    expect(s.articleCount).toBe(5);
    expect(s.headline?.title).toBe('Izmir earthquake death toll rises as rescuers search rubble');
  });

  it('merges two stories when an article links them', async () => {
    const c = clusterer({ ...DEFAULT_STORY_CONFIG, mergeMargin: -1 }); // any second candidate story is merged
    const a = (await c.add({ title: 'Dam bursts near Valdora', text: 'The Valdora dam burst after heavy rain, flooding villages near Marlo.', time: t0 })).storyId;
    const b = (await c.add({ title: 'Villages evacuated', text: 'Emergency crews evacuated the Marlo villages as river levels rose below the Valdora dam.', time: t0 + DAY })).storyId;
    const link = await c.add({ title: 'Valdora dam burst floods Marlo villages', text: 'The Valdora dam burst and the flood forced crews to evacuate the Marlo villages as river levels rose.', time: t0 + DAY });
    if (a !== b) expect(link.merged.length).toBe(1);
    expect(c.resolve(a)).toBe(c.resolve(b));
  });
});
