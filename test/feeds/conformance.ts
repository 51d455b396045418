// Runs the public feed test suites in ../shared/corpora/feeds through parseFeed and measures what
// passes. Used by test/feeds/conformance.test.ts (floors) and test/feeds/report.ts (prints rates).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeBytes, decodeWith, normalizeEncoding } from '../../packages/formats/src/index.js';
import { FeedParseError, htmlToText, parseFeed, type ParsedFeed } from '../../packages/feeds/src/index.js';
import { evaluateExpect, Unsupported, type Model } from './pyexpect.js';
import { sharedCorpus } from '../support/shared-corpus.js';

export const FEED_CORPUS = sharedCorpus('feeds');
export const CORPUS = FEED_CORPUS.path;

export interface CaseResult {
  file: string;
  outcome: 'parsed' | 'error' | 'crash';
  error?: string;
  applicable: number;
  passed: number;
  failures: string[];
}

export interface SuiteResult {
  suite: string;
  cases: number;
  parsed: number;
  feedParseErrors: number;
  crashes: number;
  /** Cases with at least one assertion we could port. */
  withAssertions: number;
  /** Cases that parsed and passed every ported assertion (cases without assertions: parsed). */
  passed: number;
  /** Ported assertions evaluated / passed. */
  assertions: number;
  assertionsPassed: number;
  /** For the ill-formed suite: parsed, or failed with a FeedParseError naming the file. */
  handled: number;
  details: CaseResult[];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

// ---------- comparisons ----------

function sameUrl(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

const norm = (s: string): string => s.replace(/[\s\u00A0]+/g, ' ').trim();

function sameText(ours: string, expected: string): boolean {
  if (norm(ours) === norm(expected) || norm(ours) === htmlToText(expected)) return true;
  // rss-parser's expected outputs were produced by decoding windows-1252 bytes as UTF-8: a U+FFFD
  // there stands for the one character rss-parser could not decode.
  if (expected.includes('\uFFFD')) {
    const pattern = norm(expected).split('\uFFFD').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.');
    return new RegExp(`^${pattern}$`, 'u').test(norm(ours));
  }
  return false;
}

function sameHtmlText(ours: string | undefined, expected: string): boolean {
  return htmlToText(ours ?? '') === htmlToText(expected);
}

function timeTuple(iso: string | null): number[] | null {
  if (!iso) return null;
  const d = new Date(iso);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  const yday = Math.floor((d.getTime() - start) / 86_400_000) + 1;
  const wday = (d.getUTCDay() + 6) % 7;
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), wday, yday, 0];
}

const DATE_FIELDS = new Set(['published_parsed', 'updated_parsed', 'created_parsed', 'issued_parsed', 'modified_parsed', 'date_parsed']);

function feedparserModel(feed: ParsedFeed, bytes: Buffer): Model {
  return {
    get(path) {
      const [root, ...rest] = path;
      const key = rest.join('.');
      if (root === 'feed') {
        if (key === 'title' || key === 'title_detail.value') return feed.title;
        if (key === 'link') return feed.link ?? undefined;
        throw new Unsupported(key);
      }
      if (root === 'entries') {
        if (rest.length === 0) return feed.entries;
        const [idx, ...field] = rest;
        if (typeof idx !== 'number') throw new Unsupported('entries key');
        const f = field.join('.');
        const supported = ['title', 'title_detail.value', 'link', 'id', 'guid', 'description', 'summary', 'summary_detail.value', 'content.0.value'];
        if (!supported.includes(f) && !DATE_FIELDS.has(f)) throw new Unsupported(f);
        const e = feed.entries[idx];
        if (!e) return undefined;
        if (f === 'title' || f === 'title_detail.value') return e.title;
        if (f === 'link') return e.link ?? undefined;
        if (f === 'id' || f === 'guid') return e.id ?? undefined;
        if (f === 'description' || f === 'summary' || f === 'summary_detail.value') return e.summary ?? e.contentHtml ?? '';
        if (f === 'content.0.value') return e.contentHtml ?? e.summary ?? '';
        return timeTuple(e.publishedAt);
      }
      throw new Unsupported(String(root));
    },
    compareStrings(path, ours, expected) {
      const f = path.slice(2).join('.') || path.slice(1).join('.');
      if (f === 'link' || f === 'id' || f === 'guid') return sameUrl(ours, expected);
      if (/^(description|summary|content)/.test(f)) return sameHtmlText(ours, expected);
      return sameText(ours, expected);
    },
    encodingEquals(expected) {
      const theirs = normalizeEncoding(expected.toLowerCase());
      if (theirs && theirs === normalizeEncoding(feed.encoding)) return true;
      if (!theirs) return false;
      const strip = (s: string): string => s.replace(/^\uFEFF/, '');
      try {
        return strip(decodeWith(bytes, theirs)) === strip(decodeBytes(bytes, {}).text) ||
          strip(decodeWith(bytes, theirs)) === strip(decodeWith(bytes, feed.encoding));
      } catch {
        return false;
      }
    },
  };
}

// ---------- feedparser ----------

function feedparserMeta(text: string): { expect?: string; headers: Record<string, string> } {
  const head = text.slice(0, 4000);
  const json = /"__TEST__"\s*:\s*"([^"]*)"/.exec(head);
  const src = json ? json[1]!.replace(/-->/, '').replace(/Expect:/, '\nExpect:') : head;
  const expect = /^\s*Expect:\s*(.*)$/m.exec(src)?.[1]?.trim();
  const headers: Record<string, string> = {};
  for (const m of src.matchAll(/^Header:\s*([A-Za-z-]+):\s*(.*)$/gm)) headers[m[1]!.toLowerCase()] = m[2]!.trim();
  return expect === undefined ? { headers } : { expect, headers };
}

async function runCase(file: string, bytes: Buffer, opts: { url?: string; contentType?: string }, check: (feed: ParsedFeed) => { applicable: number; passed: number; failures: string[] }): Promise<CaseResult> {
  const name = relative(CORPUS, file);
  let feed: ParsedFeed;
  try {
    feed = await parseFeed(bytes, { ...opts, name });
  } catch (err) {
    if (err instanceof FeedParseError) return { file: name, outcome: 'error', error: err.message, applicable: 0, passed: 0, failures: [] };
    return { file: name, outcome: 'crash', error: String(err), applicable: 0, passed: 0, failures: [] };
  }
  const r = check(feed);
  return { file: name, outcome: 'parsed', ...r };
}

function summarize(suite: string, details: CaseResult[], knownAssertions: (c: CaseResult) => number): SuiteResult {
  const r: SuiteResult = {
    suite, cases: details.length, parsed: 0, feedParseErrors: 0, crashes: 0, withAssertions: 0, passed: 0,
    assertions: 0, assertionsPassed: 0, handled: 0, details,
  };
  for (const c of details) {
    if (c.outcome === 'parsed') r.parsed++;
    if (c.outcome === 'error') r.feedParseErrors++;
    if (c.outcome === 'crash') r.crashes++;
    const n = knownAssertions(c);
    if (n > 0) r.withAssertions++;
    r.assertions += c.applicable;
    r.assertionsPassed += c.passed;
    if (c.outcome === 'parsed' && c.passed === c.applicable) r.passed++;
    if (c.outcome === 'parsed' || (c.outcome === 'error' && c.error?.includes(c.file))) r.handled++;
  }
  return r;
}

/** Counts the ported assertions of a case whether or not it parsed (so a parse failure counts as failing them). */
function portedAssertionCount(expect: string | undefined): number {
  if (!expect) return 0;
  const empty: ParsedFeed = { title: '', link: null, entries: [], format: 'rss', encoding: 'utf-8' };
  return evaluateExpect(expect, feedparserModel(empty, Buffer.alloc(0))).applicable;
}

export async function runFeedparserSuite(sub: 'wellformed' | 'illformed' | 'encoding' | 'entities' | 'json'): Promise<SuiteResult> {
  const dir = join(CORPUS, 'feedparser/tests', sub);
  const files = walk(dir).filter((f) => /\.(xml|json)$/.test(f));
  const details: CaseResult[] = [];
  const counts = new Map<string, number>();
  for (const file of files) {
    const bytes = readFileSync(file);
    const meta = feedparserMeta(bytes.toString('latin1'));
    const opts: { url?: string; contentType?: string } = { url: meta.headers['content-location'] ?? 'http://127.0.0.1:8097/' + relative(join(CORPUS, 'feedparser'), file) };
    if (meta.headers['content-type']) opts.contentType = meta.headers['content-type'];
    const res = await runCase(file, bytes, opts, (feed) => (meta.expect ? evaluateExpect(meta.expect, feedparserModel(feed, bytes)) : { applicable: 0, passed: 0, failures: [] }));
    const n = portedAssertionCount(meta.expect);
    counts.set(res.file, n);
    if (res.outcome !== 'parsed' && n > 0) {
      res.applicable = n;
      res.failures = [`did not parse: ${res.error ?? ''}`];
    }
    details.push(res);
  }
  return summarize(`feedparser/${sub}`, details, (c) => counts.get(c.file) ?? 0);
}

// ---------- miniflux charset cases ----------

/** The true encoding of each miniflux test file (from its name and the miniflux tests that use it). */
const MINIFLUX_TRUTH: Record<string, string> = {
  'encoding/testdata/windows-1252.xml': 'windows-1252',
  'encoding/testdata/invalid-prolog.xml': 'utf-8',
  'encoding/testdata/iso-8859-1.xml': 'iso-8859-1',
  'encoding/testdata/utf8-incorrect-prolog.xml': 'utf-8',
  'encoding/testdata/utf8.xml': 'utf-8',
  'encoding/testdata/windows-1252-incorrect-prolog.xml': 'utf-8',
  'encoding/testdata/koi8r.xml': 'koi8-r',
  'encoding/testdata/iso-8859-1.html': 'iso-8859-1',
  'encoding/testdata/utf8.html': 'utf-8',
  'encoding/testdata/utf8-meta-after-1024.html': 'utf-8',
  'encoding/testdata/iso-8859-1-meta-after-1024.html': 'iso-8859-1',
  'xml/testdata/iso88591.xml': 'iso-8859-1',
  'xml/testdata/iso88591_utf8_mismatch.xml': 'iso-8859-1',
  'xml/testdata/koi8r.xml': 'koi8-r',
  'parser/testdata/encoding_ISO-8859-1.xml': 'iso-8859-1',
  'parser/testdata/encoding_WINDOWS-1251.xml': 'windows-1251',
  'parser/testdata/no_encoding_ISO-8859-1.xml': 'iso-8859-1',
  'parser/testdata/urdu_UTF8.xml': 'utf-8',
  'parser/testdata/rdf_UTF8.xml': 'utf-8',
  'parser/testdata/large_rss.xml': 'utf-8',
  'parser/testdata/large_atom.xml': 'utf-8',
  'parser/testdata/small_atom.xml': 'utf-8',
};

function firstTitle(text: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
  if (!m) return undefined;
  return htmlToText(m[1]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_x, c: string) => c.replace(/&/g, '&amp;').replace(/</g, '&lt;')));
}

export async function runMinifluxSuite(): Promise<SuiteResult> {
  const root = join(CORPUS, 'miniflux/internal/reader');
  const details: CaseResult[] = [];
  for (const [rel, truth] of Object.entries(MINIFLUX_TRUTH)) {
    const file = join(root, rel);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    const isHtml = rel.endsWith('.html');
    const isFeed = !isHtml && /<(rss|feed|rdf:RDF)\b/.test(bytes.toString('latin1'));
    const truthText = decodeWith(bytes, truth === 'iso-8859-1' ? 'windows-1252' : truth);
    const decoded = decodeBytes(bytes, { html: isHtml });
    const failures: string[] = [];
    let applicable = 1;
    let passed = decoded.text === truthText ? 1 : 0;
    if (!passed) failures.push(`decoded as ${decoded.encoding} (${decoded.source}), truth ${truth}`);
    if (!isFeed) {
      details.push({ file: relative(CORPUS, file), outcome: 'parsed', applicable, passed, failures });
      continue;
    }
    const res = await runCase(file, bytes, { url: 'https://example.org/feed' }, (feed) => {
      applicable++;
      const want = firstTitle(truthText) ?? '';
      if (sameText(feed.title, want)) passed++;
      else failures.push(`title ${JSON.stringify(feed.title)} != ${JSON.stringify(want)}`);
      applicable++;
      const n = (truthText.match(/<(item|entry)[\s>]/g) ?? []).length;
      if (feed.entries.length === n) passed++;
      else failures.push(`entries ${feed.entries.length} != ${n}`);
      return { applicable, passed, failures };
    });
    if (res.outcome !== 'parsed') {
      res.applicable = applicable + 2;
      res.passed = passed;
      res.failures = [...failures, `did not parse: ${res.error ?? ''}`];
    }
    details.push(res);
  }
  return summarize('miniflux/charset', details, (c) => c.applicable);
}

// ---------- rss-parser inputs vs expected outputs ----------

interface RssParserExpected {
  feed: { title?: string; link?: string; items?: { title?: string; link?: string; isoDate?: string; guid?: string; id?: string }[] };
}

export async function runRssParserSuite(): Promise<SuiteResult> {
  const inDir = join(CORPUS, 'rss-parser/input');
  const outDir = join(CORPUS, 'rss-parser/output');
  const details: CaseResult[] = [];
  for (const name of readdirSync(inDir).sort()) {
    const file = join(inDir, name);
    const expFile = join(outDir, basename(name).replace(/\.[^.]+$/, '.json'));
    const bytes = readFileSync(file);
    const expected = existsSync(expFile) ? (JSON.parse(readFileSync(expFile, 'utf8')) as RssParserExpected) : undefined;
    const res = await runCase(file, bytes, {}, (feed) => {
      const r = { applicable: 0, passed: 0, failures: [] as string[] };
      if (!expected) return r;
      const check = (label: string, ok: boolean, detail: string): void => {
        r.applicable++;
        if (ok) r.passed++;
        else r.failures.push(`${label}: ${detail}`);
      };
      const ef = expected.feed;
      if (typeof ef.title === 'string') check('feed title', sameText(feed.title, ef.title), `${JSON.stringify(feed.title)} != ${JSON.stringify(ef.title)}`);
      if (typeof ef.link === 'string') check('feed link', sameUrl(feed.link ?? '', ef.link), `${feed.link} != ${ef.link}`);
      const items = ef.items ?? [];
      check('entry count', feed.entries.length === items.length, `${feed.entries.length} != ${items.length}`);
      items.forEach((it, i) => {
        const e = feed.entries[i];
        if (typeof it.title === 'string') check(`entry ${i} title`, !!e && sameText(e.title, it.title), `${JSON.stringify(e?.title)} != ${JSON.stringify(it.title)}`);
        if (typeof it.link === 'string') check(`entry ${i} link`, !!e && sameUrl(e.link ?? '', it.link), `${e?.link} != ${it.link}`);
        if (typeof it.isoDate === 'string') check(`entry ${i} date`, !!e && e.publishedAt === new Date(it.isoDate).toISOString(), `${e?.publishedAt} != ${it.isoDate}`);
      });
      return r;
    });
    details.push(res);
  }
  return summarize('rss-parser', details, (c) => c.applicable);
}

// ---------- node-feedparser (robustness only: no expected output) ----------

export async function runNodeFeedparserSuite(): Promise<SuiteResult> {
  const dir = join(CORPUS, 'node-feedparser/test/feeds');
  const details: CaseResult[] = [];
  for (const file of walk(dir)) {
    const bytes = readFileSync(file);
    details.push(await runCase(file, bytes, { url: 'http://example.com/feed' }, (feed) => {
      // Every entry of a feed that parsed has a title or a link.
      const bad = feed.entries.filter((e) => !e.title && !e.link).length;
      return { applicable: 1, passed: bad === 0 ? 1 : 0, failures: bad ? [`${bad} entries without title or link`] : [] };
    }));
  }
  return summarize('node-feedparser', details, () => 1);
}

export async function runAllSuites(): Promise<SuiteResult[]> {
  return [
    await runFeedparserSuite('wellformed'),
    await runFeedparserSuite('encoding'),
    await runFeedparserSuite('entities'),
    await runFeedparserSuite('illformed'),
    await runFeedparserSuite('json'),
    await runMinifluxSuite(),
    await runRssParserSuite(),
    await runNodeFeedparserSuite(),
  ];
}

export function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}

/**
 * The same files through bare rss-parser (UTF-8 decoding, no clean-up): how many throw. The
 * baseline the wrapper is measured against.
 */
export async function rssParserAloneFailures(sub: 'wellformed' | 'illformed' | 'encoding' | 'entities'): Promise<{ cases: number; failures: number }> {
  // rss-parser is a dependency of @newsline/feeds, not of the repository root: load it from there.
  const entry = resolve(fileURLToPath(new URL('../../packages/feeds/node_modules/rss-parser/index.js', import.meta.url)));
  const { default: Parser } = (await import(pathToFileURL(entry).href)) as { default: new () => { parseString(xml: string): Promise<unknown> } };
  const files = walk(join(CORPUS, 'feedparser/tests', sub)).filter((f) => /\.xml$/.test(f));
  let failures = 0;
  for (const file of files) {
    try {
      await new Parser().parseString(readFileSync(file, 'utf8'));
    } catch {
      failures++;
    }
  }
  return { cases: files.length, failures };
}
