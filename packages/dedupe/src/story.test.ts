import { describe, expect, it } from 'vitest';
import { entities, contentTerms, stem } from './terms.js';
import {
  DEFAULT_STORY_CONFIG,
  StoryClusterer,
  articleVector,
  cosineIdf,
  decide,
  MemoryTermStats,
  neededSimilarity,
  storyMargin,
  titleMargin,
  titleVector,
  type SparseVector,
  type StoryConfig,
  type StoryState,
  type TermStats,
} from './story.js';

const DAY = 86_400_000;
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

  it('needs more similarity the further a story is in time', () => {
    expect(neededSimilarity(0, DEFAULT_STORY_CONFIG)).toBeCloseTo(DEFAULT_STORY_CONFIG.joinThreshold);
    expect(neededSimilarity(365, DEFAULT_STORY_CONFIG)).toBeCloseTo(DEFAULT_STORY_CONFIG.farThreshold, 2);
    // Past a year it keeps rising: a page dated a year and a half off needs nearly the same text.
    expect(neededSimilarity(548, DEFAULT_STORY_CONFIG)).toBeGreaterThan(DEFAULT_STORY_CONFIG.farThreshold + 0.08);
    expect(neededSimilarity(730, DEFAULT_STORY_CONFIG)).toBeGreaterThan(neededSimilarity(548, DEFAULT_STORY_CONFIG));
  });

  it('two earthquakes in different places in one week are two stories; a late article joins the right one', () => {
    const c = new StoryClusterer();
    const others = OTHER.map((o, i) => c.add({ ...o, time: t0 + i * DAY }).storyId);
    expect(new Set(others).size).toBe(OTHER.length);
    const izmir = [0, 1, 2].map((i) => c.add(quake(IZMIR, i, i * 0.5)).storyId);
    const sulawesi = [0, 1, 2].map((i) => c.add(quake(SULAWESI, i, 5 + i * 0.5)).storyId);
    expect(new Set(izmir).size).toBe(1);
    expect(new Set(sulawesi).size).toBe(1);
    expect(izmir[0]).not.toBe(sulawesi[0]);
    expect(others).not.toContain(izmir[0]);
    // A late Izmir article, read after the Sulawesi articles: it joins the Izmir story.
    const late = c.add(quake(IZMIR, 3, 7)).storyId;
    expect(late).toBe(izmir[0]);
    const story = c.story(izmir[0]!)!;
    expect(story.articleCount).toBe(4);
    expect(story.title).toBe(quake(IZMIR, 0, 0).title);
  });

  it('two earthquakes reported in the same hours, with the same headline template, stay two stories', () => {
    for (const offset of [0, 0.1, 1, 3, 10]) {
      const c = new StoryClusterer();
      OTHER.forEach((o, i) => c.add({ ...o, time: t0 - (i + 1) * DAY }));
      const izmir: number[] = [];
      const sulawesi: number[] = [];
      for (let i = 0; i < 4; i++) {
        izmir.push(c.add(quake(IZMIR, i, i * 0.3)).storyId);
        if (i < 3) sulawesi.push(c.add(quake(SULAWESI, i, offset + i * 0.3)).storyId);
      }
      const a = new Set(izmir.map((id) => c.resolve(id)));
      const b = new Set(sulawesi.map((id) => c.resolve(id)));
      expect(a.size).toBe(1);
      expect(b.size).toBe(1);
      expect([...a][0]).not.toBe([...b][0]);
    }
  });

  it('the same wording outweighs names that are page furniture; the gate still splits the earthquakes', () => {
    const run = (over: Partial<StoryConfig>) => {
      const c = new StoryClusterer({ ...DEFAULT_STORY_CONFIG, ...over });
      OTHER.forEach((o, i) => c.add({ ...o, time: t0 + i * DAY }));
      const title = 'Subway work trains collide in tunnel, one worker injured';
      const a = c.add({ title, text: 'Two subway work trains collided in a tunnel under Manhattan early on Wednesday, injuring one worker, the Metropolitan Transportation Authority said.', time: t0 + 5 * DAY });
      const b = c.add({ title, text: 'Two subway work trains collided in a tunnel early on Wednesday, injuring one worker. Follow the Charlottesville Progress on Facebook.', time: t0 + 5 * DAY });
      return [a.storyId, b.storyId];
    };
    // The gate without the override: two stories, even with the same headline the same day.
    const [gatedA, gatedB] = run({ gateOverride: null });
    expect(gatedA).not.toBe(gatedB);
    const [a, b] = run({});
    expect(b).toBe(a);
    expect(DEFAULT_STORY_CONFIG.gateOverride).toBeGreaterThan(0.3);
  });

  it('the gate counts a story name the article spells without capitals or only to open a sentence', () => {
    const c = new StoryClusterer();
    OTHER.forEach((o, i) => c.add({ ...o, time: t0 + i * DAY }));
    const lead = 'Hackers stole the personal data of 143 million Americans from the credit agency Equifax, the company in Atlanta said.';
    const first = c.add({ title: 'Credit agency Equifax says hackers stole data of 143 million', text: lead, time: t0 + 5 * DAY });
    c.add({ title: 'Equifax breach: what 143 million Americans should do', text: `Customers of Equifax in Atlanta were told to freeze their credit. ${lead}`, time: t0 + 6 * DAY });
    // Here "Equifax" only opens sentences, and the names found (the SEC, Richard Smith) are not the story's.
    const late = {
      title: 'equifax hack attack: executives sold shares',
      text: 'Equifax was hacked, and before the announcement three executives sold shares, the Securities and Exchange Commission was told. Chief executive Richard Smith said the breach of personal data of 143 million customers was regrettable; hackers stole credit data.',
      time: t0 + 9 * DAY,
    };
    expect(c.add(late).storyId).toBe(first.storyId);
  });

  it('the gate counts a name of the article that the story spells out without capitals', () => {
    const c = new StoryClusterer();
    OTHER.forEach((o, i) => c.add({ ...o, time: t0 + i * DAY }));
    // The story names Coindesk; "Bitcoin" only opens its sentences.
    const first = c.add({
      title: 'bitcoin slumps to a three-month low below $6,000',
      text: 'Bitcoin prices plunged to a three-month low below $6,000 on Tuesday, data from Coindesk showed. Bitcoin has lost more than half its value since its December peak amid a regulatory crackdown on cryptocurrency trading.',
      time: t0 + 5 * DAY,
    });
    // The article names Bitcoin in mid-sentence, and not Coindesk.
    const late = c.add({
      title: 'cryptocurrency sell-off: bitcoin smashed below $6,500',
      text: 'Prices have fallen to their lowest level since November, and traders dumped Bitcoin and other cryptocurrency holdings as the regulatory crackdown spread, said Greg McKenna of AxiTrader. Bitcoin lost half its value since its December peak.',
      time: t0 + 5.2 * DAY,
    });
    expect(late.storyId).toBe(first.storyId);
  });

  it('a story begun by an untitled article takes the first title that joins it', () => {
    const c = new StoryClusterer();
    OTHER.forEach((o, i) => c.add({ ...o, time: t0 + i * DAY }));
    const first = c.add({ ...quake(IZMIR, 0, 0), title: '' });
    const second = c.add(quake(IZMIR, 1, 0.5));
    const third = c.add(quake(IZMIR, 2, 1));
    expect(new Set([first.storyId, second.storyId, third.storyId]).size).toBe(1);
    expect(c.story(first.storyId)!.title).toBe(quake(IZMIR, 1, 0.5).title);
  });

  it('merges two stories when an article links them', () => {
    const cfg = { ...DEFAULT_STORY_CONFIG, mergeMargin: -1 }; // any second candidate story is merged
    const c = new StoryClusterer(cfg);
    const a = c.add({ title: 'Dam bursts near Valdora', text: 'The Valdora dam burst after heavy rain, flooding villages.', time: t0 }).storyId;
    const b = c.add({ title: 'Villages evacuated', text: 'Emergency crews evacuated the Marlo villages as river levels rose.', time: t0 + DAY }).storyId;
    expect(a).not.toBe(b);
    const link = c.add({ title: 'Valdora dam burst floods Marlo villages', text: 'The Valdora dam burst and the flood forced crews to evacuate the Marlo villages as river levels rose.', time: t0 + DAY });
    expect(link.merged.length).toBe(1);
    expect(c.resolve(a)).toBe(c.resolve(b));
  });

  const flat: TermStats = { docCount: 1000, df: () => 10 };
  const story = (id: number, centroid: [string, number][], time = t0, titles: string[] = []): StoryState => ({
    id,
    title: titles[0] ?? '',
    centroid: new Map(centroid),
    articleCount: 1,
    firstSeen: time,
    lastSeen: time,
    members: [{ v: new Map(centroid), time, ...(titles[0] ? { tv: titleVector(titles[0]) } : {}) }],
  });

  it('an article deep inside one story that barely clears a close one does not merge them', () => {
    const v: SparseVector = new Map([['missile', 1]]);
    const a = story(1, [['missile', 1], ['korea', 1]]);
    const b = story(2, [['missile', 0.15], ['korea', 1]]);
    const cfg: StoryConfig = { ...DEFAULT_STORY_CONFIG, linkage: 'centroid' };
    const marginB = storyMargin(v, t0, b, flat, cfg);
    expect(marginB).toBeGreaterThan(0);
    expect(marginB).toBeLessThan(cfg.mergeMargin);
    // Without the ratio the centroids' closeness merges the two stories; with it, no merge.
    expect(decide(v, t0, [a, b], flat, { ...cfg, mergeRatio: 0 }).merge).toEqual([2]);
    const d = decide(v, t0, [a, b], flat, cfg);
    expect(d.join).toBe(1);
    expect(d.merge).toEqual([]);
  });

  it('the same headline counts the same day, not weeks later', () => {
    const s = story(1, [['trailer', 1]], t0, ['New trailer: Avengers Infinity War']);
    const tv = titleVector('Avengers: Infinity War Super Bowl trailer');
    expect(titleMargin(tv, t0 + DAY / 2, s, flat, DEFAULT_STORY_CONFIG)).toBeGreaterThan(0.1);
    expect(titleMargin(tv, t0 + 21 * DAY, s, flat, DEFAULT_STORY_CONFIG)).toBe(0);
    expect(titleMargin(titleVector('Bitcoin falls below 6000 dollars'), t0, s, flat, DEFAULT_STORY_CONFIG)).toBe(0);
  });
});
