import { describe, expect, it } from 'vitest';
import { splitSentences } from '../text.js';
import { colonAttribution, headlineSource, isHeadline } from './titles.js';

describe('titles', () => {
  it('reads "X: Y" at the top of an article as X saying Y', () => {
    const text = 'Kaldor: The port will reopen on Monday\n\nThe harbour was closed for a week.';
    const { sentences, quotes } = splitSentences(text);
    const a = colonAttribution(sentences[0]!, text, quotes, sentences)!;
    expect([a.speakerText, text.slice(a.start, a.end)]).toEqual(['Kaldor', 'The port will reopen on Monday']);
  });
  it('reads a headline source after a final colon, and tells a headline from a sentence', () => {
    const text = 'Port to reopen on Monday after a week: Reuters\n\nThe harbour was closed.';
    const { sentences } = splitSentences(text);
    expect(headlineSource(sentences[0]!, text)?.name).toBe('Reuters');
    expect(isHeadline(sentences[0]!, sentences, text)).toBe(true);
    expect(isHeadline(sentences[1]!, sentences, text)).toBe(false);
  });
  it('reads an opening line in title case as a title even with a full stop', () => {
    const text = 'Mayor Kaldor Says The Port Will Reopen On Monday.\n\nThe harbour was closed. It was dark.';
    const { sentences } = splitSentences(text);
    expect(isHeadline(sentences[0]!, sentences, text)).toBe(true);
    expect(isHeadline(sentences[1]!, sentences, text)).toBe(false);
  });
});
