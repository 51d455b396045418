import { describe, expect, it } from 'vitest';
import { findQuotes, tokenize } from '../text.js';
import { complementStart, infinitiveAfter, opensAdjunct } from './complements.js';

describe('complements', () => {
  it('skips an adjunct to "that", but not into the content', () => {
    const a = 'said on Monday in a statement that the port is closed';
    const ta = tokenize(a);
    expect(ta[complementStart(ta, 1, 'say', findQuotes(a), a).k]!.lower).toBe('that');
    const b = 'said the report is the latest issue that matters';
    const tb = tokenize(b);
    expect(complementStart(tb, 1, 'say', findQuotes(b), b).k).toBe(1);
  });
  it('finds the infinitive of an intention, past an addressee', () => {
    const toks = tokenize('urged the council not to close the port');
    expect(toks[infinitiveAfter(toks, 0)!]!.lower).toBe('to');
    expect(infinitiveAfter(tokenize('urged restraint'), 0)).toBeNull();
  });
  it('tells an adjunct opener from a clause opener', () => {
    const [on, the] = tokenize('on the');
    expect(opensAdjunct(on)).toBe(true);
    expect(opensAdjunct(the)).toBe(false);
  });
});
