import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractClaims, formatClaimLine, loadAliases, loadLexicon, notAnalysedNote, toEvents, type Claim, type DetailedClaim } from './index.js';
import { extractClaimsDetailed as extractClaimsUnchecked } from './extract.js';
import { heldOut, joinBrokenLines } from './polnear-split.js';
import { parseNumber } from './numbers.js';
import { splitSentences } from './text.js';

const SEEDS = ['000_bc41fdb8e6de759e.txt', '001_e360ee0d24fd98ac.txt', '002_c5279a168544f30c.txt', '003_3afaf3625089db91.txt', '004_dbd84218756963ca.txt'];
const attr = (text: string, publishedAt = '2024-03-15'): Claim[] => extractClaims(text, { publishedAt }).filter((c) => c.cue);
const quantities = (text: string) => extractClaims(text, { publishedAt: '2024-03-15' }).flatMap((c) => c.quantities.map((q) => ({ ...q, speaker: c.speaker })));

describe('sentences and quotations', () => {
  it('splits sentences, keeps abbreviations and quotations whole', () => {
    const text = 'Dr. Mara Quell arrived in the U.S. on Tuesday. “We will stay. We will not leave,” she said. Then it rained.';
    const { sentences, quotes } = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Dr. Mara Quell arrived in the U.S. on Tuesday.',
      '“We will stay. We will not leave,” she said.',
      'Then it rained.',
    ]);
    expect(quotes.map((q) => text.slice(q.start, q.end))).toEqual(['“We will stay. We will not leave,”']);
  });
  it('pairs straight quotes too', () => {
    const text = 'The mayor said "the bridge is safe" on Friday.';
    expect(splitSentences(text).quotes.map((q) => text.slice(q.innerStart, q.innerEnd))).toEqual(['the bridge is safe']);
  });
  it("reads doubled apostrophes as quotation marks (''like this'') and keeps the offsets", () => {
    const text = "The vote is near. ''We will win this county,'' Ms. Oddny Varga said. ''Then we go on.''";
    const [c] = attr(text);
    expect(c?.speaker).toBe('Oddny Varga');
    expect(text.slice(c!.start, c!.end)).toBe(c?.text);
    expect(c?.text).toMatch(/^'We will win this county,'' Ms\. Oddny Varga said\. ''Then we go on\.'$/);
  });
  it('extends a statement over a quotation that goes on in the next sentence', () => {
    const text = '“The port is closed,” harbour master Ilse Brandt said. “Ships must wait offshore.”';
    const [c] = attr(text);
    expect(c?.speaker).toBe('Ilse Brandt');
    expect(c?.text).toBe('“The port is closed,” harbour master Ilse Brandt said. “Ships must wait offshore.”');
  });
});

describe('attribution patterns', () => {
  it('a stated intention or refusal has the infinitive as its content', () => {
    const cs = attr('The senator declined to say whether the court had erred. Mayor Ines Kaldor urged the council not to close the bridge.');
    expect(cs.map((c) => [c.speaker, c.cue, c.text])).toEqual([
      ['senator', 'declined', 'to say whether the court had erred'],
      ['Ines Kaldor', 'urged', 'the council not to close the bridge'],
    ]);
  });
  it('an intention inside a statement stays part of that statement', () => {
    const cs = attr('Mayor Ines Kaldor said that the council wanted to close the bridge.');
    expect(cs.map((c) => c.cue)).toEqual(['said']);
  });
  it('gives no claim whose content is one word', () => {
    // the content is what is called for ("called for" is the cue, as PolNeAR annotates it); with the rules alone it starts at "for"
    expect(attr('The minister called today, after a summit in Brussels, for a truce in the north.').map((c) => c.text)).toEqual(['a truce in the north']);
    expect(attr('“Absolutely,” he said.')).toEqual([]);
  });
  it('starts the content at the clause, not at a later "that" inside it', () => {
    const [c] = attr('Ona Vesk said the scandal is only the latest issue that should give voters pause.');
    expect(c?.text).toBe('the scandal is only the latest issue that should give voters pause');
  });
  it('does not take a quotation that closed the paragraph before as the next speaker\'s', () => {
    const text = '“The evidence is clear,” Priebus said.\n\nSen. Ona Vesk, a prominent ally, said the donations were akin to extortion.';
    expect(attr(text).map((c) => c.text)).toEqual(['“The evidence is clear,”', 'the donations were akin to extortion']);
  });
  it('X said that ...', () => {
    const [c] = attr('Mayor Tomas Erlin said that the dam would be repaired by spring.');
    expect(c).toMatchObject({ speaker: 'Tomas Erlin', cue: 'said', text: 'that the dam would be repaired by spring' });
  });
  it('X said ... without "that"', () => {
    const [c] = attr('The ministry said the dam would be repaired by spring.');
    expect(c).toMatchObject({ speaker: 'ministry', cue: 'said', text: 'the dam would be repaired by spring' });
  });
  it('"...," X said.', () => {
    const text = '“Nobody was hurt,” the fire chief said.';
    const [c] = attr(text);
    expect(c).toMatchObject({ speaker: 'fire chief', cue: 'said', text: '“Nobody was hurt,”' });
    expect(text.slice(c!.speakerStart!, c!.speakerEnd!)).toBe('the fire chief');
    expect(text.slice(c!.cueStart!, c!.cueEnd!)).toBe('said');
  });
  it('said X (inverted)', () => {
    const [c] = attr('“Nobody was hurt,” said Lena Oskarsson, the fire chief.');
    expect(c).toMatchObject({ speaker: 'Lena Oskarsson', cue: 'said', text: '“Nobody was hurt,”' });
  });
  it('X told Y (that) ...', () => {
    const [c] = attr('The engineer told reporters that the bridge had cracked.');
    expect(c).toMatchObject({ speaker: 'engineer', cue: 'told', text: 'that the bridge had cracked' });
  });
  it('according to X', () => {
    const [c] = attr('The river rose two metres overnight, according to the weather service.');
    expect(c).toMatchObject({ speaker: 'weather service', cue: 'according to', text: 'The river rose two metres overnight' });
  });
  it('According to X, ... (leading)', () => {
    const [c] = attr('According to the weather service, the river rose overnight.');
    expect(c).toMatchObject({ speaker: 'weather service', text: 'the river rose overnight' });
  });
  it('as stated / reported by X', () => {
    const cs = attr('The talks were suspended, as reported by local radio. Fuel prices fell, as stated by the energy board.');
    expect(cs.map((c) => [c.speaker, c.cue, c.text])).toEqual([
      ['local radio', 'as reported by', 'The talks were suspended'],
      ['energy board', 'as stated by', 'Fuel prices fell'],
    ]);
  });
  it('X quoted Y as saying ...', () => {
    const [c] = attr('The Daily Ledger quoted a union leader as saying that the strike would continue.');
    expect(c).toMatchObject({ speaker: 'union leader', cue: 'quoted', text: 'that the strike would continue' });
  });
  it('X estimated ... at N', () => {
    const cs = extractClaims('The coast guard estimated the number of missing fishermen at at least 14.', { publishedAt: '2024-03-15' });
    const c = cs.find((x) => x.cue === 'estimated');
    expect(c?.speaker).toBe('coast guard');
    expect(c?.quantities[0]).toMatchObject({ value: 14, qualifier: 'at_least' });
  });
  it('participial and coordinated cues inherit the speaker', () => {
    const cs = attr('Senator Ada Morrow said the bill was flawed, adding that she would vote against it, but stressed that talks continue.');
    expect(cs.map((c) => [c.speaker, c.cue])).toEqual([
      ['Ada Morrow', 'said'],
      ['Ada Morrow', 'adding'],
      ['Ada Morrow', 'stressed'],
    ]);
  });
  it('relative clauses: the name is the antecedent, the mention is "who"', () => {
    const text = 'Freed captive Mira Olsen, who told the press that the guards were kind, left the hospital.';
    const [c] = attr(text);
    expect(c).toMatchObject({ speaker: 'Mira Olsen', cue: 'told', text: 'that the guards were kind' });
    expect(text.slice(c!.speakerStart!, c!.speakerEnd!)).toBe('who');
  });
  it('skips a time phrase between speaker and cue, and mixed quote marks pair up', () => {
    const [a] = attr('Port spokesman Emil Roth on Thursday evening said the ferry would sail.');
    expect(a).toMatchObject({ speaker: 'Emil Roth', text: 'the ferry would sail' });
    const [b] = attr('"The ferry will sail,” said Emil Roth.');
    expect(b).toMatchObject({ speaker: 'Emil Roth', text: '"The ferry will sail,”' });
  });
  it('skips cue words used as nouns or inside quotations', () => {
    expect(attr('The reports of damage were exaggerated.')).toEqual([]);
    const cs = attr('“We said it before and we say it again,” the coach told fans.');
    expect(cs.map((c) => c.cue)).toEqual(['told']);
  });
  it('headline attributions "...: NYT" carry the source without a cue', () => {
    const cs = extractClaims('Storm could cut power to up to 9,000 homes: NYT\nThe storm reached the coast on Monday.', { publishedAt: '2024-03-15' });
    const head = cs.find((c) => c.speaker === 'The New York Times');
    expect(head?.cue).toBeNull();
    expect(head?.quantities[0]).toMatchObject({ value: 9000, qualifier: 'up_to' });
  });
});

describe('pronouns, short names, roles and aliases', () => {
  it('resolves a pronoun and a short name to the last full name', () => {
    const cs = attr('Finance Minister Rhea Castell said taxes would not rise. She added that spending would. Castell later denied a rift.');
    expect(cs.map((c) => c.speaker)).toEqual(['Rhea Castell', 'Rhea Castell', 'Rhea Castell']);
  });
  it('resolves a role to the name given with it', () => {
    const cs = attr('Harbour Authority spokesman Piet Valk spoke at noon. The Harbour Authority spokesman said the quay was closed.');
    expect(cs.map((c) => c.speaker)).toEqual(['Piet Valk']);
  });
  it('resolves a definite description to the last mention with that head', () => {
    const cs = attr('A senior port official said the quay was closed. The official added that it would reopen.');
    expect(cs.map((c) => c.speaker)).toEqual(['senior port official', 'senior port official']);
  });
  it('maps aliases to canonical names: Hamas, Tel Aviv, Washington, al-Qassam', () => {
    const cs = attr(
      'The Islamic Resistance Movement said talks had stalled. Tel Aviv said it would respond. Washington said it was hopeful. Al-Qassam said it was ready.',
    );
    expect(cs.map((c) => [c.speaker, c.speakerKind])).toEqual([
      ['Hamas', 'organization'],
      ['Israeli government', 'government'],
      ['US government', 'government'],
      ['al-Qassam Brigades', 'organization'],
    ]);
  });
  it('loads an operator alias file over the defaults and names a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-aliases-'));
    const file = join(dir, 'aliases.json');
    writeFileSync(file, JSON.stringify([{ canonical: 'Port Authority of Veldam', kind: 'organization', aliases: ['PAV', 'port authority'] }]));
    const table = loadAliases(file);
    expect(table.some((e) => e.canonical === 'Hamas')).toBe(true);
    const [c] = extractClaims('The port authority said the quay was closed.', { aliases: table }).filter((x) => x.cue);
    expect(c?.speaker).toBe('Port Authority of Veldam');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"entities": [{"canonical": "X", "kind": "planet", "aliases": []}]}');
    expect(() => loadAliases(bad)).toThrow(bad);
    expect(() => loadAliases(join(dir, 'missing.json'))).toThrow('missing.json');
    writeFileSync(bad, '{not json');
    expect(() => loadAliases(bad)).toThrow(/bad\.json: invalid JSON/);
  });
});

describe('quantities: qualifiers', () => {
  const cases: Array<[string, string, number | [number, number]]> = [
    ['Rescuers found 12 survivors.', 'exact', 12],
    ['Rescuers found about 40 survivors.', 'approx', 40],
    ['Rescuers found nearly 40 survivors.', 'less_than', 40],
    ['Rescuers found almost 40 survivors.', 'less_than', 40],
    ['Rescuers found as many as 40 survivors.', 'up_to', 40],
    ['Rescuers found up to 40 survivors.', 'up_to', 40],
    ['Rescuers found at least 40 survivors.', 'at_least', 40],
    ['Rescuers found more than 40 survivors.', 'more_than', 40],
    ['Rescuers found far more than 40 survivors.', 'more_than', 40],
    ['Rescuers found at most 40 survivors.', 'at_most', 40],
    ['Rescuers found fewer than 40 survivors.', 'less_than', 40],
    ['The boats can carry up to 40 survivors.', 'up_to', 40],
    ['Rescuers found between 30 and 40 survivors.', 'range', [30, 40]],
    ['Rescuers found 30 to 40 survivors.', 'range', [30, 40]],
    ['Rescuers found 40 survivors or more.', 'at_least', 40],
  ];
  for (const [text, qualifier, v] of cases) {
    it(`${qualifier}: ${text}`, () => {
      const [q] = quantities(text);
      expect(q?.qualifier).toBe(qualifier);
      if (Array.isArray(v)) expect([q?.low, q?.high, q?.value]).toEqual([v[0], v[1], null]);
      else expect(q?.value).toBe(v);
      expect(q?.subject).toContain('survivors');
    });
  }
  it('"ranged between A and B ..., or more" is a range', () => {
    const [q] = quantities('He said the number of ferries ranged between 20 and 25 ferries, or more.');
    expect(q).toMatchObject({ low: 20, high: 25, qualifier: 'range' });
  });
});

describe('quantities: number forms and non-quantities', () => {
  it('reads digits, decimals with scales, words and "a million"', () => {
    expect(parseNumber('1,400')).toBe(1400);
    expect(parseNumber('1.4 million')).toBe(1_400_000);
    expect(parseNumber('two')).toBe(2);
    expect(parseNumber('a million')).toBe(1_000_000);
    expect(parseNumber('twenty-five thousand')).toBe(25_000);
    const qs = quantities('Officials counted 1,400 tents, 1.4 million meals, two field hospitals and a million blankets.');
    expect(qs.map((q) => q.value)).toEqual([1400, 1_400_000, 2, 1_000_000]);
  });
  it('ignores dates, years, ordinals, ages, times and durations', () => {
    const qs = quantities('On October 7, 2023, at 10:30 a.m., the 3rd convoy, led by a 45-year-old driver, left after 6 months of planning in 2022.');
    expect(qs).toEqual([]);
  });
  it('ignores anaphoric word numbers ("the two leaders")', () => {
    expect(quantities('The two leaders met in Oslo.')).toEqual([]);
  });
  it('finds what is counted, with what happened to it', () => {
    const qs = quantities('The flood killed 1,200 people and left more than 3,000 injured, while nearly 2 million were displaced.');
    expect(qs.map((q) => [q.value, q.qualifier, q.subject])).toEqual([
      [1200, 'exact', 'people killed'],
      [3000, 'more_than', 'injured'],
      [2_000_000, 'less_than', 'displaced'],
    ]);
  });
  it('gives a figure the innermost speaker that states it', () => {
    const qs = quantities('The governor said that the number of evacuees, which the army estimated at 5,000, was growing.');
    expect(qs[0]).toMatchObject({ value: 5000, speaker: 'army' });
  });
});

describe('dates', () => {
  it('resolves weekday, "yesterday" and month-day against the publication date', () => {
    const cs = extractClaims('Yesterday, Friday, the mayor said the roads were closed. The police said on Monday that 3 cars crashed. The council said on October 7 that it would meet.', {
      publishedAt: '2023-11-04',
    }).filter((c) => c.cue);
    expect(cs.map((c) => c.claimedAt)).toEqual(['2023-11-03', '2023-10-30', '2023-10-07']);
  });
  it('falls back to the publication date', () => {
    const [c] = extractClaims('The mayor said the roads were closed.', { publishedAt: '2023-11-04T09:00:00Z' });
    expect(c?.claimedAt).toBe('2023-11-04');
  });
});

describe('events', () => {
  it('gives the same key to the same figure from the same speaker reported differently', () => {
    const a = extractClaims('Hamas said that about 50 hostages were killed in air strikes.', { publishedAt: '2023-10-27' });
    const b = extractClaims('The Islamic Resistance Movement said some 50 captives had died in the bombing.', { publishedAt: '2023-10-28' });
    const ka = toEvents(a).filter((e) => e.kind === 'figure').map((e) => e.key);
    const kb = toEvents(b).filter((e) => e.kind === 'figure').map((e) => e.key);
    expect(ka).toHaveLength(1);
    expect(ka).toEqual(kb);
  });
  it('gives different keys to different figures or speakers', () => {
    const e1 = toEvents(extractClaims('Hamas said that about 50 hostages were killed.'));
    const e2 = toEvents(extractClaims('Hamas said that about 60 hostages were killed.'));
    const e3 = toEvents(extractClaims('The Israeli army said that about 50 hostages were killed.'));
    const k = (es: ReturnType<typeof toEvents>) => es.find((e) => e.kind === 'figure')!.key;
    expect(new Set([k(e1), k(e2), k(e3)]).size).toBe(3);
  });
  it('makes a statement event per attributed claim and a figure event per quantity', () => {
    const claims = extractClaims('Washington said that at least 3 ships were seized in the strait.', { publishedAt: '2024-01-10' });
    const events = toEvents(claims, { publishedAt: '2024-01-10' });
    expect(events.map((e) => e.kind).sort()).toEqual(['figure', 'statement']);
    const fig = events.find((e) => e.kind === 'figure')!;
    expect(fig).toMatchObject({ actor: 'US government', actorKind: 'government', value: 3, qualifier: 'at_least', occurredOn: '2024-01-10' });
  });
});

describe('formatClaimLine', () => {
  it('prints the documented fields in order', () => {
    const [c] = extractClaims('The mayor said that 12 roads were closed.');
    const line = formatClaimLine(c!);
    expect(Object.keys(JSON.parse(line))).toEqual(['speaker', 'speakerStart', 'speakerEnd', 'cue', 'cueStart', 'cueEnd', 'text', 'start', 'end', 'quantities']);
    expect(JSON.parse(line).quantities).toEqual([{ value: 12, low: null, high: null, qualifier: 'exact', subject: 'roads' }]);
  });
});

describe('robustness', () => {
  it('handles empty, odd and unbalanced input', () => {
    expect(extractClaims('')).toEqual([]);
    expect(() => extractClaims('“ unclosed said he, , , 12 — ” ” “ \u0000 ☃ 1,,,2')).not.toThrow();
    expect(() => extractClaims('a'.repeat(50_000) + ' said ' + '9 '.repeat(5_000))).not.toThrow();
  });
});

// The seed corpus, end to end (seeds/ is part of the repository).
const seed = (name: string) => readFileSync(new URL(`../../../seeds/${name}`, import.meta.url), 'utf8');
describe('seed corpus', () => {
  it('finds the Israeli army at least 240 and the White House official figures (000)', () => {
    const text = seed('000_bc41fdb8e6de759e.txt');
    const cs = extractClaims(text, { publishedAt: '2023-11-04' });
    const all = cs.flatMap((c) => c.quantities.map((q) => ({ q, c })));
    const army = all.find(({ q }) => q.value === 240 && q.qualifier === 'at_least');
    expect(army?.c.speaker).toBe('Israeli army');
    expect(text.slice(army!.q.start, army!.q.end)).toBe('at least 240');
    expect(text.slice(army!.c.speakerStart!, army!.c.speakerEnd!)).toBe('the Israeli army');
    const more = all.filter(({ q }) => q.qualifier === 'more_than' && (q.value === 100 || q.value === 200));
    expect(more.map(({ c }) => c.speaker)).toEqual(['senior White House official', 'senior White House official']);
    const first = cs.find((c) => c.cue === 'acknowledged');
    expect(first?.claimedAt).toBe('2023-11-03');
  });
  it("finds Abu Obeida's range 200-250 (003)", () => {
    const text = seed('003_3afaf3625089db91.txt');
    const cs = extractClaims(text, { publishedAt: '2023-11-05' });
    const hit = cs.flatMap((c) => c.quantities.map((q) => ({ q, c }))).find(({ q }) => q.low === 200 && q.high === 250);
    expect(hit?.q.qualifier).toBe('range');
    expect(hit?.c.speaker).toBe('Abu Obeida');
    expect(text.slice(hit!.q.start, hit!.q.end)).toBe('between 200 and 250');
    expect(text.slice(hit!.c.cueStart!, hit!.c.cueEnd!)).toBe('estimated');
  });
  it('finds Tel Aviv at about 136 as the Israeli government (002)', () => {
    const text = seed('002_c5279a168544f30c.txt');
    const cs = extractClaims(text, { publishedAt: '2024-02-08' });
    const hit = cs.flatMap((c) => c.quantities.map((q) => ({ q, c }))).find(({ q }) => q.value === 136);
    expect(hit?.q.qualifier).toBe('approx');
    expect(hit?.c.speaker).toBe('Israeli government');
    expect(text.slice(hit!.c.speakerStart!, hit!.c.speakerEnd!)).toBe('Tel Aviv');
    expect(hit?.q.subject).toMatch(/prisoners/);
  });
  it('keeps every offset on the text it names (all seeds)', () => {
    let statements = 0;
    let figures = 0;
    for (const name of SEEDS) {
      const text = seed(name);
      const cs = extractClaims(text, { publishedAt: '2024-01-01' });
      // a seed without statements would make the checks below vacuous
      expect(cs.filter((c) => c.cue).length, name).toBeGreaterThanOrEqual(5);
      for (const c of cs) {
        expect(text.slice(c.start, c.end)).toBe(c.text);
        if (c.cue) {
          statements++;
          expect(c.cueStart, c.cue).not.toBeNull();
          expect(text.slice(c.cueStart!, c.cueEnd!)).toBe(c.cue);
        }
        if (c.speakerStart != null) expect(c.speakerEnd!).toBeGreaterThan(c.speakerStart);
        for (const q of c.quantities) {
          figures++;
          expect(text.slice(q.start, q.end)).toBe(q.text);
        }
      }
    }
    // the hand annotation of the seeds has 30 figures and 70 statements
    expect(figures).toBeGreaterThanOrEqual(30);
    expect(statements).toBeGreaterThanOrEqual(70);
  });
  it("lists the seeds' hostage figures a reader asks for: the army's at least 229 and 240, the 200-250 range, about 136", () => {
    const events = SEEDS.flatMap((name) => {
      const text = seed(name);
      return toEvents(extractClaims(text, { publishedAt: '2024-01-01' }), { publishedAt: '2024-01-01' }).map((e) => ({ ...e, wording: text.slice(e.start, e.end) }));
    });
    const hostages = events.filter((e) => e.kind === 'figure' && e.subject === 'hostage');
    const shown = hostages.map((e) => `${e.actor}: ${e.wording} (${e.qualifier})`);
    expect(shown).toEqual(expect.arrayContaining([
      'Israeli army: at least 229 (at_least)',
      'Israeli army: at least 240 (at_least)',
      'Abu Obeida: between 200 and 250 (range)',
      'Israeli government: about 136 (approx)',
    ]));
  });
  it('gives the 136 hostages the same figure key as a differently worded report', () => {
    const a = extractClaims(seed('002_c5279a168544f30c.txt'), { publishedAt: '2024-02-08' });
    const b = extractClaims('The Israeli government estimates that about 136 hostages remain in the Gaza Strip.', { publishedAt: '2024-02-09' });
    const key = (cs: DetailedClaim[]) => toEvents(cs).find((e) => e.kind === 'figure' && e.value === 136)?.key;
    expect(key(a)).toBeDefined();
    expect(key(a)).toBe(key(b));
  });
});

describe('what a figure counts', () => {
  it('takes it from the clause when the noun after the figure is generic', () => {
    const qs = quantities('The ministry said it had told the families of at least 31 people – pilots and crew – that their relatives were being held in Veldam.');
    expect(qs[0]).toMatchObject({ value: 31, qualifier: 'at_least', subject: 'people held in Veldam' });
  });
  it('counts people a country lost as killed, seats it lost as seats', () => {
    expect(quantities('Norway lost 12 of its citizens in the blast.')[0]?.subject).toBe('citizens killed');
    expect(quantities('The party lost 12 seats in the vote.')[0]?.subject).toBe('seats');
  });
  it('gives a part of a whole what the whole counts', () => {
    const qs = quantities('Officials said nearly 40,000 of the island’s population of 90,000 people were displaced.');
    expect(qs.map((q) => [q.value, q.qualifier, q.subject])).toEqual([[40000, 'less_than', 'people displaced'], [90000, 'exact', 'people displaced']]);
  });
  it('reads the counted-subject classes from the lexicon, which an operator extends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-lexicon-'));
    const file = join(dir, 'lexicon.json');
    writeFileSync(file, JSON.stringify({ subjects: { evacuee: 'displaced' }, subjectRules: [{ class: 'veldam-detainee', ifClass: 'held', ifAny: ['veldam'] }] }));
    const lexicon = loadLexicon(file);
    const events = (text: string) => toEvents(extractClaims(text, { lexicon }), { lexicon }).filter((e) => e.kind === 'figure').map((e) => e.subject);
    expect(events('Officials counted 300 evacuees.')).toEqual(['displaced']);
    expect(events('Officials said 12 people were held in Veldam.')).toEqual(['veldam-detainee']);
    expect(events('Officials counted 300 captives.')).toEqual(['hostage']); // the default file still applies
    writeFileSync(file, JSON.stringify({ subjectRules: [{ class: 'x' }] }));
    expect(() => loadLexicon(file)).toThrow(new RegExp(`lexicon file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: subjectRules\\[0\\]`));
  });
});

describe('languages the rules are written for', () => {
  const arabic = readFileSync(new URL('../../../test/claims/ar-report.txt', import.meta.url), 'utf8');
  it('gives no claims and no figures for an article in another language', () => {
    // run through the English rules, the Arabic report's digits would come out as figures counting its words
    expect(extractClaimsUnchecked(arabic).flatMap((c) => c.quantities).length).toBeGreaterThan(0);
    expect(extractClaims(arabic, { language: 'ar' })).toEqual([]);
  });
  it('notes why: "not analysed (language xx)", and nothing for English or an unknown language', () => {
    expect(notAnalysedNote('ar')).toBe('not analysed (language ar)');
    expect(notAnalysedNote('fr-CA')).toBe('not analysed (language fr)');
    expect(notAnalysedNote('en-US')).toBeNull();
    expect(notAnalysedNote(null)).toBeNull();
    expect(extractClaims('The mayor said 12 houses were lost.', { language: 'en-GB' })).toHaveLength(1);
  });
});

describe('errors', () => {
  it('are not swallowed: a failing rule fails the extraction and names the sentence', () => {
    const broken = { ...loadLexicon(), subjects: new Proxy({}, { get: () => { throw new Error('lexicon broke'); } }) };
    expect(() => extractClaims('Officials counted 300 evacuees.', { lexicon: broken as never })).toThrow(/the sentence at 0-31 .*lexicon broke/);
  });
});

describe('the PolNeAR train split', () => {
  it('joins an annotation whose text ran over a line break back onto its line', () => {
    expect(joinBrokenLines('T1\tContent 0 10\tthe first\nhalf\nE1\tAttribution:T2 Content:T1\n')).toBe('T1\tContent 0 10\tthe first half\nE1\tAttribution:T2 Content:T1\n');
  });
  it('holds out a fixed quarter of the articles by name', () => {
    const names = Array.from({ length: 400 }, (_, i) => `outlet_2016-01-01_story-${i}`);
    const held = names.filter(heldOut).length;
    expect(held).toBeGreaterThan(60);
    expect(held).toBeLessThan(140);
    expect(heldOut('wash-post_2016-06-27_byline-amber-phillips')).toBe(true); // one of the 215 held out
  });
});
