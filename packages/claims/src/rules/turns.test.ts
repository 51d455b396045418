import { describe, expect, it } from 'vitest';
import { extractClaims } from '../extract.js';
import { normalizeQuoteMarks, splitSentences } from '../text.js';
import { dashSignature, transcriptTurn } from './turns.js';

const claims = (text: string): string[] => extractClaims(text, { cueModel: null }).filter((c) => c.cue).map((c) => `${c.speaker} | ${c.cue} | ${c.text}`);

describe('speakers named by layout', () => {
  it('reads a transcript turn to the end of its paragraph, but not a label such as UPDATE or a title', () => {
    const text = 'Kaldor Speaks.\n\nKALDOR: The port will reopen. It was closed for a week.\n\nUPDATE: The port reopened.\n\nThe Latest: the port.';
    const { sentences } = splitSentences(text);
    const turns = sentences.map((s) => transcriptTurn(s, text, sentences)).filter((a) => a);
    expect(turns.map((a) => [a!.speakerText, text.slice(a!.start, a!.end)])).toEqual([['KALDOR', 'The port will reopen. It was closed for a week']]);
  });
  it('reads a quotation signed with a dash, and does not carry it on into the next quotation', () => {
    const text = 'Voters spoke.\n\n“The port must reopen. We need it.” ― Ines Kaldor\n“The port is fine.” ― Ona Vesk.';
    expect(claims(text)).toEqual(['Ines Kaldor | ― | “The port must reopen. We need it.”', 'Ona Vesk | ― | “The port is fine.”']);
  });
  it('reads a signature on a line of its own, and needs the quotation before it', () => {
    const text = normalizeQuoteMarks('Voters spoke.\n\n"The port must reopen."\n\n- Ines Kaldor.\n\nThe port - Lorn.');
    const { sentences, quotes } = splitSentences(text);
    const signed = sentences.map((s) => dashSignature(s, text, quotes)).filter((a) => a);
    expect(signed.map((a) => [a!.speakerText, text.slice(a!.start, a!.end)])).toEqual([['Ines Kaldor', '"The port must reopen."']]);
  });
});
