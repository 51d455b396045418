// Feed conformance against the public suites in ../shared/corpora/feeds (see conformance.ts).
// Floors are the pass counts reached when this was written: a change may raise them, never lower them.
import { beforeAll, describe, expect, it } from 'vitest';
import { FEED_CORPUS, runAllSuites, type SuiteResult } from './conformance.js';

const FLOORS: Record<string, { parsed: number; passed: number; assertionsPassed: number }> = {
  'feedparser/wellformed': { parsed: 1734, passed: 1710, assertionsPassed: 919 },
  'feedparser/encoding': { parsed: 82, passed: 81, assertionsPassed: 56 },
  'feedparser/entities': { parsed: 256, passed: 256, assertionsPassed: 253 },
  'feedparser/illformed': { parsed: 18, passed: 17, assertionsPassed: 9 },
  'feedparser/json': { parsed: 1, passed: 1, assertionsPassed: 1 },
  'miniflux/charset': { parsed: 22, passed: 22, assertionsPassed: 54 },
  'rss-parser': { parsed: 30, passed: 30, assertionsPassed: 3780 },
  'node-feedparser': { parsed: 28, passed: 28, assertionsPassed: 28 },
};

let suites: SuiteResult[];

describe.skipIf(!FEED_CORPUS.available)(`feed conformance suites ${FEED_CORPUS.skipReason}`.trim(), () => {
  beforeAll(async () => {
    suites = await runAllSuites();
  }, 60_000);

  it('runs every suite with cases in it', () => {
    expect(suites.map((s) => s.suite).sort()).toEqual(Object.keys(FLOORS).sort());
    const wellformed = suites.find((s) => s.suite === 'feedparser/wellformed')!;
    expect(wellformed.cases).toBe(1749);
    expect(suites.find((s) => s.suite === 'feedparser/encoding')!.cases).toBe(82);
  });

  it('never throws anything but FeedParseError, and every failure names the file', () => {
    for (const s of suites) {
      const crashes = s.details.filter((c) => c.outcome === 'crash').map((c) => `${c.file}: ${c.error ?? ''}`);
      expect(crashes, s.suite).toEqual([]);
      expect(s.handled, `${s.suite}: cases that parsed or failed with a FeedParseError naming the file`).toBe(s.cases);
    }
  });

  for (const [suite, floor] of Object.entries(FLOORS)) {
    it(`${suite}: pass counts stay at or above the floor`, () => {
      const s = suites.find((x) => x.suite === suite)!;
      expect(s.parsed, 'parsed').toBeGreaterThanOrEqual(floor.parsed);
      expect(s.passed, 'cases passing every ported assertion').toBeGreaterThanOrEqual(floor.passed);
      expect(s.assertionsPassed, 'ported assertions passing').toBeGreaterThanOrEqual(floor.assertionsPassed);
    });
  }

  it('every well-formed and encoding case that parses yields entries with titles and links where the file has them', () => {
    // Spot check on the assertion ports: entry title and link assertions, specifically.
    for (const name of ['feedparser/wellformed', 'feedparser/encoding']) {
      const s = suites.find((x) => x.suite === name)!;
      const bad = s.details.filter((c) => c.failures.some((f) => /entries \[ \d+ \] \[ "(title|link)" \]/.test(f)));
      expect(bad.length, `${name}: ${bad.map((c) => c.file).join(', ')}`).toBeLessThanOrEqual(name === 'feedparser/wellformed' ? 2 : 0);
    }
  });
});
