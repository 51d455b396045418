import { describe, expect, it } from 'vitest';
import { splitSentences, tokenize } from '../text.js';
import { findAttributions } from './attributions.js';
import { clauseStart, mainSubject, setOffSubject } from './subjects.js';

const words = (text: string, r: [number, number] | null) => (r ? tokenize(text).slice(r[0], r[1]).map((t) => t.text).join(' ') : null);

/** The speakers of the attributions of a one-sentence text. */
function speakers(text: string): Array<string | null> {
  const { sentences, quotes } = splitSentences(text);
  return findAttributions(sentences[0]!, text, quotes, null, false).map((a) => a.speakerText);
}

describe('subjects', () => {
  it('clauseStart skips a dateline and an opening adverbial', () => {
    const text = 'VELDAM, May 3 (Wire) - Speaking at the harbour, Mayor Ines Kaldor said the port will reopen.';
    expect(words(text, mainSubject(tokenize(text)))).toBe('Mayor Ines Kaldor');
    const t2 = 'In 1986, the court blocked the plan.';
    expect(tokenize(t2)[clauseStart(tokenize(t2))]!.text).toBe('the');
  });
  it('setOffSubject reads the subject past an age, a relative clause and a place', () => {
    const text = 'Ines Kaldor, 58, who grew up in Lorn, Veldam, in 1990, said';
    const toks = tokenize(text);
    expect(words(text, setOffSubject(toks, toks.length - 2))).toBe('Ines Kaldor');
  });
  it('setOffSubject declines a clause of its own between the commas', () => {
    const text = 'Kaldor, the mayor said, will';
    const toks = tokenize(text);
    expect(setOffSubject(toks, 5)).toBeNull();
  });
  it('gives a set-off cue the subject, not the last words before the comma', () => {
    expect(speakers('Ines Kaldor, speaking at a rally in Lorn, Veldam, warned that the port would close.')).toEqual(['Ines Kaldor']);
    expect(speakers('Ines Kaldor, 58, says the port will close.')).toEqual(['Ines Kaldor']);
    expect(speakers('“The port is safe,” Ines Kaldor, the mayor of Lorn, said of the plan.')).toEqual(['Ines Kaldor']);
  });
  it('leaves a participle after a comma to the clause it hangs on', () => {
    const { sentences, quotes } = splitSentences('Kaldor spoke in Lorn, Veldam, arguing that the port must close.');
    const a = findAttributions(sentences[0]!, 'Kaldor spoke in Lorn, Veldam, arguing that the port must close.', quotes, null, false);
    expect(a.map((x) => [x.speakerText, x.inheritFrom])).toEqual([[null, true]]);
  });
});

describe('subjects of a clause', () => {
  it('mainSubject skips a linking word and a time phrase', () => {
    const t1 = 'Then he cut into the plan, calling it a stiff.';
    expect(words(t1, mainSubject(tokenize(t1)))).toBe('he');
    const t2 = 'Hours later, Kaldor returned the compliment.';
    expect(words(t2, mainSubject(tokenize(t2)))).toBe('Kaldor');
  });
  it('reads a speaker past "in 2010", "long" and a source\'s maker after "by"', () => {
    expect(speakers('The mayor, who in 2010 said the port was safe, left.')[0]).toBe('The mayor');
    expect(speakers('Port workers have long complained that the cranes are old.')).toEqual(['Port workers']);
    expect(speakers('The port lost money, according to calculations by the harbour office.')).toEqual(['calculations by the harbour office']);
  });
  it('takes a quantifier that opens a clause as the speaker ("others argue")', () => {
    expect(speakers('The port lost money, but others argue that it should stay open.')).toEqual(['others']);
  });
  it('reads a share of those polled before a participle ("with 50 percent of voters saying")', () => {
    expect(speakers('The poll found Kaldor ahead, with 50 percent of voters saying she is prepared for the job.')).toContain('50 percent of voters');
  });
  it('finds a relative "who" past an adjunct before its verb', () => {
    const { sentences, quotes } = splitSentences('Mr. Kaldor, who, on a press call Friday, criticized the harbour for closing, left.');
    const [a] = findAttributions(sentences[0]!, 'Mr. Kaldor, who, on a press call Friday, criticized the harbour for closing, left.', quotes, null, false);
    expect([a?.speakerText, a?.mentionTok]).toEqual(['Mr. Kaldor', [4, 5]]);
  });
  it('skips a place with its region in an opener, and reads a middle initial in a name', () => {
    const t = 'At an event in Ames, Iowa, on Sunday, Ines Kaldor spoke.';
    expect(words(t, mainSubject(tokenize(t)))).toBe('Ines Kaldor');
    expect(speakers('“We were rivals,” William M. Daley, the former chief of staff, said of their time in office.')).toEqual(['William M. Daley']);
  });
  it('keeps a party tag in parentheses with the subject the commas set off', () => {
    expect(speakers('But Sen. Ines Kaldor (D-Veldam), noting the size of the crowd, said the port will close.')).toContain('Sen. Ines Kaldor');
  });
});
