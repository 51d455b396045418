import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCueModel, loadCueModel, parseCueModel } from '../cue-model.js';
import { extractClaims } from '../extract.js';

const cues = (text: string, cueModel?: null): string[] =>
  extractClaims(text, cueModel === null ? { cueModel } : {}).filter((c) => c.cue).map((c) => `${c.speaker} | ${c.cue} | ${c.text}`);

const dir = mkdtempSync(join(tmpdir(), 'newsline-cue-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('learned cues', () => {
  it('finds cues the verb lists do not place, with the speaker to the left and the clause after', () => {
    const text = 'Ines Kaldor pointed to reports that the port would close in the spring.';
    expect(cues(text, null)).toEqual([]);
    const [claim, ...rest] = extractClaims(text).filter((c) => c.cue);
    expect(rest).toEqual([]);
    expect(claim).toMatchObject({ speaker: 'Ines Kaldor', speakerStart: 0, speakerEnd: 11 });
    expect(claim!.cue).toMatch(/^pointed to/);
    expect(claim!.text).toMatch(/that the port would close in the spring$/);
    expect(cues('Supporters of the governor have also questioned the health of Mayor Ines Kaldor.')).toEqual([
      'Supporters of the governor | questioned | the health of Mayor Ines Kaldor',
    ]);
  });

  it('takes the pronoun of "He’s" as the speaker, without its auxiliary', () => {
    const [claim] = extractClaims('The mayor spoke at noon. He’s claiming that the port will close next year.').filter((c) => c.cue && c.cue.includes('claiming'));
    expect(claim).toMatchObject({ speaker: 'He', text: 'that the port will close next year' });
  });

  it('gives no claim without a named source or a verb of saying', () => {
    // "seemed" mostly has no source in the training articles: an unsourced judgement, not a claim
    expect(cues('The mayor seemed to doubt that the port would close.')).toEqual([]);
    // the source of a learned cue names someone: a capitalised name or a pronoun, not any phrase before the cue
    expect(cues('Supporters of the governor have also questioned the health of the mayor.')).toHaveLength(1);
    expect(cues('supporters of the governor have also questioned the health of the mayor.')).toEqual([]);
  });

  it('names no speaker for a cue in the passive without "by"', () => {
    const speakerOf = (text: string) => extractClaims(text).filter((c) => c.cue).map((c) => [c.speaker, c.speakerStart, c.cue]);
    expect(speakerOf('The mayor has been criticized for closing the port without a vote.')).toEqual([[null, null, 'criticized']]);
    expect(speakerOf('Ines Kaldor was asked to name a single harbour she would close.')).toEqual([[null, null, 'was asked']]);
  });

  it('gives a participle after a comma the subject of its clause', () => {
    expect(cues('Kaldor spoke in Lorn on Tuesday, noting the port had lost money for years.')).toEqual(['Kaldor | noting | the port had lost money for years']);
  });

  it('leaves a name at the start of a learned run to the source ("In April, Twitter reported")', () => {
    expect(cues('Some words here. In April, Twitter reported disappointingly flat user growth.')).toEqual(['Twitter | reported | disappointingly flat user growth']);
  });

  it('reads its weights from data and names a bad model file', () => {
    const m = defaultCueModel();
    expect(m.weights.size).toBeGreaterThan(10_000);
    expect(m.threshold).toBeLessThan(m.novelThreshold);
    expect(m.end.weights.size).toBeGreaterThan(1_000);
    expect(() => parseCueModel({ threshold: 1 }, 'x.json')).toThrow(/cue model file x\.json: expected/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{');
    expect(() => loadCueModel(bad)).toThrow(bad);
  });
});
