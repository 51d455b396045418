import { describe, expect, it } from 'vitest';
import { findQuotes } from '../text.js';
import { quoteEndingAt, quoteStartingAt, trimContent } from './quotations.js';

describe('quotations', () => {
  it('finds the quotation that ends right before a speaker, within the paragraph only', () => {
    const text = '“The port is closed,” Kaldor said.';
    const quotes = findQuotes(text);
    expect(quoteEndingAt(quotes, text.indexOf('Kaldor'), text)).toBe(quotes[0]);
    const across = '“The port is closed.”\n\nKaldor said it would reopen.';
    expect(quoteEndingAt(findQuotes(across, 0, 21), across.indexOf('Kaldor'), across)).toBeUndefined();
  });
  it('finds a quotation that opens after a cue and a colon', () => {
    const text = 'Kaldor said: “The port is closed today.”';
    expect(quoteStartingAt(findQuotes(text), text.indexOf(':') + 1, text)?.start).toBe(text.indexOf('“'));
  });
  it('trims punctuation and a stray closing mark from a content', () => {
    const text = ', he did not support it.” ';
    const [a, b] = trimContent(text, 0, text.length);
    expect(text.slice(a, b)).toBe('he did not support it');
  });
});
