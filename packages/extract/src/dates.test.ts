import { describe, expect, it } from 'vitest';
import { dateFromUrl, parseDate, parseHumanDate } from './dates.js';

describe('dates', () => {
  it('gives a calendar day only at T00:00:00Z', () => {
    expect(parseDate('2024-03-05')).toBe('2024-03-05T00:00:00.000Z');
    expect(parseDate('March 5, 2024')).toBe('2024-03-05T00:00:00.000Z');
    expect(parseHumanDate('Updated on 5 March 2024')).toBe('2024-03-05T00:00:00.000Z');
  });

  it('reads a value quoted twice and an ISO instant inside text', () => {
    expect(parseDate('"2025-12-17T13:22:47Z"')).toBe('2025-12-17T13:22:47.000Z');
    expect(parseHumanDate('Published 2022-11-23T08:10+02:00')).toBe('2022-11-23T08:10:00.000+02:00');
    expect(parseHumanDate('2025-12-17T13:22:47Z')).toBe('2025-12-17T13:22:47.000Z');
  });

  it('reads an ambiguous numeric date as the page confirms it, else month-first (day-first when dotted)', () => {
    expect(parseHumanDate('02-12-2025')).toBe('2025-02-12T00:00:00.000Z');
    expect(parseHumanDate('02-12-2025', new Set(['2025-12-02']))).toBe('2025-12-02T00:00:00.000Z');
    expect(parseHumanDate('09.10.2024')).toBe('2024-10-09T00:00:00.000Z');
    expect(parseHumanDate('09.10.2024', new Set(['2024-09-10']))).toBe('2024-09-10T00:00:00.000Z');
    // both readings confirmed: the usual one
    expect(parseHumanDate('02-12-2025', new Set(['2025-12-02', '2025-02-12']))).toBe('2025-02-12T00:00:00.000Z');
    // unambiguous dates ignore the hint
    expect(parseHumanDate('13/04/2025', new Set(['2025-04-12']))).toBe('2025-04-13T00:00:00.000Z');
  });

  it('reads a hyphenated or dotted day-month-year with an abbreviated month of another language', () => {
    expect(parseHumanDate('By: FlowGuard EMEA on 04-ago-2021 5:11:10')).toBe('2021-08-04T00:00:00.000Z');
    expect(parseHumanDate('12-Dez-2024')).toBe('2024-12-12T00:00:00.000Z');
    expect(parseHumanDate('3.févr.2023')).toBe('2023-02-03T00:00:00.000Z');
    expect(parseHumanDate('07-Mar-2024')).toBe('2024-03-07T00:00:00.000Z');
    // the short foreign names need the hyphens or dots on both sides
    expect(parseHumanDate('about 3 ago 2021')).toBeNull();
    expect(parseHumanDate('04-ago 2021')).toBeNull();
  });

  it('reads a URL date path with a month name', () => {
    expect(dateFromUrl('https://example.org/blog/2023/october/03/wine/')).toBe('2023-10-03T00:00:00.000Z');
    expect(dateFromUrl('https://example.org/blog/2023/Oct/3/wine')).toBe('2023-10-03T00:00:00.000Z');
    expect(dateFromUrl('https://example.org/blog/2023/octopus/03/')).toBeNull();
  });
});
