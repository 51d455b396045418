import { describe, expect, it } from 'vitest';
import { tokenize } from '../text.js';
import { appositiveSubject, isAdverb, npAfter, npBefore } from './noun-phrases.js';

const words = (text: string, r: [number, number] | null) => (r ? tokenize(text).slice(r[0], r[1]).map((t) => t.text).join(' ') : null);

describe('noun phrases', () => {
  it('npBefore reads a name with its title and a prepositional phrase to the left', () => {
    const text = 'majorities of Republican voters in six states said';
    const toks = tokenize(text);
    expect(words(text, npBefore(toks, toks.length - 2, 0))).toBe('majorities of Republican voters in six states');
  });
  it('npAfter reads "said Ines Kaldor" and a title with a dot', () => {
    const text = 'said Sen. Ines Kaldor of Veldam on Monday';
    expect(words(text, npAfter(tokenize(text), 1))).toBe('Sen . Ines Kaldor of Veldam');
  });
  it('appositiveSubject reads the name in "the spokesman, Abu Obeida, said"', () => {
    const text = 'the military spokesman, Abu Obeida, said';
    const toks = tokenize(text);
    expect(words(text, appositiveSubject(toks, toks.length - 2))).toBe('Abu Obeida');
  });
  it('isAdverb reads "quickly", not the name "Kelly"', () => {
    const [quickly, , kelly] = tokenize('quickly and Kelly');
    expect(isAdverb(quickly)).toBe(true);
    expect(isAdverb(kelly)).toBe(false);
  });
});
