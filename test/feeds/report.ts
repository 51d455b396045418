// Prints the pass rate of each feed conformance suite: `npx tsx test/feeds/report.ts [--failures] [--json]`.
import { pct, rssParserAloneFailures, runAllSuites } from './conformance.js';

const args = process.argv.slice(2);
const started = Date.now();
const suites = await runAllSuites();
const rows = suites.map((s) => ({
  suite: s.suite,
  cases: s.cases,
  parsed: `${s.parsed} (${pct(s.parsed, s.cases)})`,
  errors: s.feedParseErrors,
  crashes: s.crashes,
  'with assertions': s.withAssertions,
  'cases passed': `${s.passed} (${pct(s.passed, s.cases)})`,
  'assertions passed': `${s.assertionsPassed}/${s.assertions} (${pct(s.assertionsPassed, s.assertions)})`,
  handled: `${s.handled} (${pct(s.handled, s.cases)})`,
}));
console.table(rows);
if (args.includes('--baseline')) {
  const base = [];
  for (const sub of ['wellformed', 'encoding', 'entities', 'illformed'] as const) {
    const r = await rssParserAloneFailures(sub);
    const ours = suites.find((s) => s.suite === `feedparser/${sub}`)!;
    base.push({ suite: `feedparser/${sub}`, cases: r.cases, 'rss-parser alone: throws': r.failures, 'parseFeed: FeedParseError': ours.feedParseErrors });
  }
  console.table(base);
}
if (args.includes('--failures')) {
  for (const s of suites) {
    for (const c of s.details) {
      if (c.outcome === 'crash' || (c.outcome === 'parsed' && c.passed < c.applicable) || (c.outcome === 'error' && c.applicable > 0)) {
        console.log(`${c.file}\t${c.outcome}\t${c.error ?? ''}\t${c.failures.join(' | ')}`);
      }
    }
  }
}
console.log(
  JSON.stringify({
    seconds: (Date.now() - started) / 1000,
    suites: suites.map(({ details: _d, ...rest }) => rest),
  }),
);
