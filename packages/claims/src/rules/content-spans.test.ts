import { describe, expect, it } from 'vitest';
import { defaultContentModel, parseContentModel } from '../content-model.js';
import { extractClaims } from '../extract.js';
import { splitSentences } from '../text.js';
import { type ContentSite, contentCandidates, placeContent } from './content-spans.js';

/** The site of the cue word `cue` in a one-sentence text, with the rules' content given as its text. */
function siteOf(text: string, cue: string, speaker: string, rule: string, figures: string[] = []): ContentSite {
  const tokens = splitSentences(text).sentences[0]!.tokens;
  const at = (w: string): number => tokens.findIndex((t) => t.text === w);
  const start = text.indexOf(rule);
  const span = (w: string): [number, number] => [text.indexOf(w), text.indexOf(w) + w.length];
  return { tokens, text, cue: [at(cue), at(cue) + 1], speaker: [at(speaker), at(speaker) + 1], rule: [start, start + rule.length], figures: figures.map(span) };
}

const textOf = (site: ContentSite, [a, b]: [number, number]): string => site.text.slice(a, b);

describe('content spans', () => {
  const text = 'Kaldor said the port would close in the spring, but the council has not voted on 3 plans.';
  const site = siteOf(text, 'said', 'Kaldor', 'the port would close in the spring, but the council has not voted on 3 plans');

  it('offers the rules’ span first, then spans of at least two words that start after the cue at a clause, a comma or a preposition', () => {
    const cands = contentCandidates(site);
    expect(textOf(site, [cands[0]!.start, cands[0]!.end])).toBe('the port would close in the spring, but the council has not voted on 3 plans');
    expect(cands[0]!.rule).toBe(true);
    const texts = cands.map((c) => textOf(site, [c.start, c.end]));
    expect(texts).toContain('the port would close in the spring');
    expect(texts).toContain('but the council has not voted on 3 plans');
    expect(texts).not.toContain('the council has not voted on 3 plans');
    expect(texts).not.toContain('port would close in the spring');
    expect(texts.every((t) => (t.match(/\w+/g) ?? []).length >= 2)).toBe(true);
    expect(cands.every((c) => c.a >= site.cue[1])).toBe(true);
  });

  it('keeps the rules’ span when the model prefers nothing else, and takes the span the weights prefer', () => {
    expect(textOf(site, placeContent(site, { weights: new Map() }))).toBe(textOf(site, site.rule));
    const cutAtBut = { weights: new Map([['Rele=spring|,', 2], ['Rewn=,|but', 1]]) };
    expect(textOf(site, placeContent(site, cutAtBut))).toBe('the port would close in the spring');
  });

  it('never moves a figure into or out of the content: who stated it is the figure rules’ decision', () => {
    const withFigure = { ...site, figures: [[text.indexOf('3 plans'), text.indexOf('3 plans') + 7] as [number, number]] };
    const cutAtBut = { weights: new Map([['Rele=spring|,', 2], ['Rewn=,|but', 1]]) };
    expect(textOf(site, placeContent(withFigure, cutAtBut))).toBe(textOf(site, site.rule));
  });

  it('opens a content the rules open with a figure with the figure, qualifier first, whatever the weights prefer', () => {
    const fig = siteOf('The army estimated the number at at least 240 on Friday.', 'estimated', 'army', 'at least 240', ['at least 240']);
    const fromTheCue = { weights: new Map([['rule', -5]]) };
    expect(textOf(fig, placeContent(fig, fromTheCue))).toMatch(/^at least 240/);
    expect(extractClaims('The army estimated the number of captives at at least 240.').filter((c) => c.cue).map((c) => c.text)).not.toContainEqual(expect.stringMatching(/^at at/));
  });

  it('leaves a content that runs outside its sentence (a quotation continued) where the rules put it', () => {
    const two = 'Kaldor said the port would close. It was old.';
    const s = siteOf(two, 'said', 'Kaldor', 'the port would close. It was old');
    expect(contentCandidates(s)).toEqual([]);
    expect(placeContent(s, defaultContentModel())).toEqual(s.rule);
  });

  it('places contents with the shipped model in the extractor: a participle’s object runs to the end of its clause', () => {
    const claims = (contentModel?: null): string[] =>
      extractClaims('Vesk praised the council for keeping the ferry running, calling it a model for the region.', contentModel === null ? { contentModel } : {})
        .filter((c) => c.cue).map((c) => `${c.speaker} | ${c.cue} | ${c.text}`);
    expect(claims(null)).toContain('Vesk | calling | for the region');
    expect(claims()).toEqual(['Vesk | praised | the council for keeping the ferry running', 'Vesk | calling | it a model for the region']);
  });

  it('rejects a model file of the wrong shape, naming it', () => {
    expect(() => parseContentModel({ weights: { rule: 'x' } }, 'm.json')).toThrow(/m\.json: weight rule/);
    expect(() => parseContentModel([], 'm.json')).toThrow(/m\.json: expected/);
  });
});
