import { describe, expect, it } from 'vitest';
import { splitSentences } from '../text.js';
import { cueAt, findAttributions, speakerOf, type SentenceScan } from './attributions.js';

/** The attributions of a one-sentence text, as [speaker, cue, content]. */
function attrs(text: string): Array<[string | null, string, string]> {
  const { sentences, quotes } = splitSentences(text);
  return findAttributions(sentences[0]!, text, quotes, null, false).map((a) => [a.speakerText, a.cueText, text.slice(a.start, a.end)]);
}

function scanOf(text: string): SentenceScan {
  const { sentences, quotes } = splitSentences(text);
  const s = sentences[0]!;
  return { s, text, tokens: s.tokens, quotes, prev: null, headline: false, used: new Set(), longQuotes: [], inQuote: () => false };
}

describe('sourcePhraseRule', () => {
  it('takes the speaker from "according to X" and the rest of the sentence as content', () => {
    expect(attrs('According to the harbour office, the port will reopen on Monday.')).toEqual([['the harbour office', 'According to', 'the port will reopen on Monday']]);
  });
  it('takes what comes before a trailing source phrase', () => {
    expect(attrs('The port will reopen on Monday, according to the harbour office.')).toEqual([['the harbour office', 'according to', 'The port will reopen on Monday']]);
  });
});

describe('asReportedRule', () => {
  it('reads "As X reported, ..." and "..., as X noted." with X as the speaker', () => {
    expect(attrs('As the Lorn Gazette previously reported on Friday, the port will close.')).toEqual([['the Lorn Gazette', 'reported', 'the port will close']]);
    expect(attrs('The port will close, as Kaldor noted.')).toEqual([['Kaldor', 'noted', 'The port will close']]);
  });
  it('declines a clause of "as" with an object or a clause of its own', () => {
    expect(attrs('As Kaldor said goodbye to the crew, the port closed.').map((a) => a[2])).not.toContain('the port closed');
  });
});

describe('reportedlyRule', () => {
  it('reads "X reportedly did Y" as a report without a speaker, and leaves "reportedly said" to its speaker', () => {
    expect(attrs('The harbour office is reportedly spending $1.5 million on cranes.')).toEqual([[null, 'reportedly', 'The harbour office is reportedly spending $1.5 million on cranes']]);
    expect(attrs('Kaldor reportedly said the port would close.')).toEqual([['Kaldor', 'said', 'the port would close']]);
  });
});

describe('cueAt', () => {
  it('finds a cue verb and rejects the same word as a noun, a passive or an infinitive', () => {
    const at = (text: string, word: string) => { const sc = scanOf(text); return cueAt(sc, sc.tokens.findIndex((t) => t.lower === word))?.base ?? null; };
    expect(at('The mayor said the port is closed.', 'said')).toBe('say');
    expect(at('The report was said to be false.', 'said')).toBeNull();
    expect(at('The mayor wanted to confirm the closure.', 'confirm')).toBeNull();
    expect(at('Her reports on the port were long.', 'reports')).toBeNull();
  });
  it('reads a verb of intention only with its infinitive', () => {
    const sc = scanOf('The mayor declined to comment.');
    expect(cueAt(sc, 2)?.form.cls).toBe('intention');
    const sc2 = scanOf('The mayor declined.');
    expect(cueAt(sc2, 2)).toBeNull();
  });
});

describe('quotedAsSayingRule', () => {
  it('gives the quoted person, not the quoting medium, as the speaker', () => {
    expect(attrs('The paper quoted the mayor as saying that the port was safe.')).toEqual([['the mayor', 'quoted', 'that the port was safe']]);
  });
});

describe('speakerOf', () => {
  it('skips a time phrase to the subject, and reads a relative "who" as its antecedent', () => {
    const sc = scanOf('Mayor Ines Kaldor on Thursday evening said the port is closed.');
    const cue = cueAt(sc, sc.tokens.findIndex((t) => t.lower === 'said'))!;
    const who = speakerOf(sc, cue)!;
    expect(sc.tokens.slice(who.speaker![0], who.speaker![1]).map((t) => t.text).join(' ')).toBe('Mayor Ines Kaldor');
    const sc2 = scanOf('It was Ines Kaldor, who told reporters that the port is closed.');
    const who2 = speakerOf(sc2, cueAt(sc2, sc2.tokens.findIndex((t) => t.lower === 'told'))!)!;
    expect(who2.relTok).not.toBeNull();
  });
});

describe('cueVerbRule and contentOf', () => {
  it('reads every word order: X said that, "...," X said, "...," said X, X, who told', () => {
    expect(attrs('Mayor Ines Kaldor said that the port is closed.')).toEqual([['Mayor Ines Kaldor', 'said', 'that the port is closed']]);
    expect(attrs('“The port is closed,” Kaldor said on Monday.')).toEqual([['Kaldor', 'said', '“The port is closed,”']]);
    expect(attrs('“The port is closed,” said Ines Kaldor.')).toEqual([['Ines Kaldor', 'said', '“The port is closed,”']]);
  });
});

describe('endContentsAtLaterSpeakers', () => {
  it('ends a content where a later speaker is set off by a comma', () => {
    expect(attrs('Kaldor said the port is closed, while the harbour master said it is open.').map((a) => a[2])).toEqual(['the port is closed', 'it is open']);
  });
});

describe('keepStatements', () => {
  it('drops one-word contents and intentions nested in a statement', () => {
    expect(attrs('“Absolutely,” Kaldor said.')).toEqual([]);
    expect(attrs('Kaldor said that the council wanted to close the port.').map((a) => a[1])).toEqual(['said']);
  });
});

describe('sourceOpenerRule', () => {
  it('reads "In <poll>, ..." as the poll stating the rest, unless a speaker of its own follows', () => {
    expect(attrs('In a Veldam Herald poll released Monday, 50 percent of respondents chose Kaldor.')).toEqual([['a Veldam Herald poll released Monday', 'In', '50 percent of respondents chose Kaldor']]);
    expect(attrs('In an interview, Kaldor said the port is closed.').map((a) => a[1])).toEqual(['said']);
  });
});

describe('askedRule', () => {
  it('reads "Asked whether ..." as a question with no speaker, and "asked by X" with X', () => {
    expect(attrs('Asked whether the port would reopen, Kaldor said yes.')).toContainEqual([null, 'Asked', 'whether the port would reopen']);
    expect(attrs('When asked by a reporter whether the port would reopen, Kaldor smiled.')).toEqual([['a reporter', 'asked', 'whether the port would reopen']]);
  });
});

describe('speakerOf: a subject set off by commas', () => {
  it('reads "X, an appositive, said <clause>" with X speaking, and "..., said X." as inverted', () => {
    expect(attrs('Sen. Ona Vesk, R-Veldam, a long-shot candidate, said the bill would fail.')).toEqual([['Sen. Ona Vesk', 'said', 'the bill would fail']]);
    expect(attrs('Kaldor, though, said she would stay.')).toEqual([['Kaldor', 'said', 'she would stay']]);
    expect(attrs('The port is closed, said Ines Kaldor, the mayor.')).toEqual([['Ines Kaldor', 'said', 'The port is closed']]);
  });
  it('ends a content before a relative clause that closes the sentence', () => {
    expect(attrs('Kaldor predicted a win in Veldam, which votes on Monday.').map((a) => a[2])).toEqual(['a win in Veldam']);
  });
});

describe('headlines', () => {
  it('reads a title-case cue in a headline, and "those polled said"', () => {
    const text = 'Veldam County Says Kaldor Should Win\n\nThe vote is on Monday.';
    const { sentences, quotes } = splitSentences(text);
    expect(findAttributions(sentences[0]!, text, quotes, null, true).map((a) => [a.speakerText, a.cueText, text.slice(a.start, a.end)])).toEqual([['Veldam County', 'Says', 'Kaldor Should Win']]);
    expect(attrs('Most of the voters polled said the port should reopen.')).toEqual([['the voters polled', 'said', 'the port should reopen']]);
  });
});
