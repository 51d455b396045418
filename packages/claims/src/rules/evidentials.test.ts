import { describe, expect, it } from 'vitest';
import { splitSentences } from '../text.js';
import { findAttributions } from './attributions.js';
import { keptEdges } from './content-spans.js';

/** The attributions of a one-sentence text, as [speaker, cue, content]. */
function attrs(text: string): Array<[string | null, string, string]> {
  const { sentences, quotes } = splitSentences(text);
  return findAttributions(sentences[0]!, text, quotes, null, false).map((a) => [a.speakerText, a.cueText, text.slice(a.start, a.end)]);
}

describe('expectedRule', () => {
  it('reads "X is expected to do Y" as an expectation without a speaker, the subject and its infinitive the content', () => {
    expect(attrs('The harbour board is expected to approve the new cranes later this week.')).toEqual([[null, 'is expected', 'The harbour board is expected to approve the new cranes later this week']]);
    expect(attrs('The ferries are widely expected to resume on Monday, after the storm.')).toEqual([[null, 'are widely expected', 'The ferries are widely expected to resume on Monday']]);
  });
  it('finds the subject past phrases set off by commas', () => {
    expect(attrs('The port authority, which has kept fees flat since 2019, is expected to raise them in May.')).toEqual([[null, 'is expected', 'The port authority, which has kept fees flat since 2019, is expected to raise them in May']]);
  });
  it('declines "expected" without the infinitive and an expectation someone states', () => {
    expect(attrs('The result was expected.')).toEqual([]);
    expect(attrs('Crowds were larger than expected at the harbour.')).toEqual([]);
    expect(attrs('Kaldor expected the port to reopen.').map((a) => a[1])).not.toContain('is expected');
  });
  it('keeps its own edges from the content model', () => {
    const { sentences, quotes } = splitSentences('The harbour board is expected to approve the cranes.');
    const [a] = findAttributions(sentences[0]!, 'The harbour board is expected to approve the cranes.', quotes, null, false);
    expect(a!.ownEdges).toBe(true);
    expect(keptEdges(sentences[0]!.tokens, a!.cls, null, a!.ownEdges)).toEqual({ start: true, end: true });
    expect(keptEdges(sentences[0]!.tokens, 'speech', null)).toEqual({ start: false, end: false });
  });
});
