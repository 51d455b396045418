/** Term and entity features of an article, for story clustering. Pure functions. */
import { stem } from '@newsline/formats';

const STOP = new Set(
  `a about above after again against all almost also although am among an and another any are aren around as at back be
because been before being below between both but by can cannot could couldn did didn do does doesn doing don done down during
each either else even ever every few for from further get gets got had hadn has hasn have haven having he her here hers herself
him himself his how however i if in into is isn it its itself just last least less let like made make many may me might more
most much must my myself near new news next no nor not now of off often on once one only or other others our ours ourselves
out over own per said same say says see seen she should shouldn since so some still such than that the their theirs them
themselves then there these they this those though three through thus to too two under until up upon us use used very via
was wasn way we well were weren what when where whether which while who whom whose why will with within without would wouldn
yet you your yours yourself yourselves year years week weeks day days time times today yesterday tomorrow monday tuesday
wednesday thursday friday saturday sunday told according including report reported reports people first including mr mrs ms
dr read share comment comments click subscribe newsletter photo image video getty images ap reuters afp copyright rights
reserved updated published min am pm et gmt utc story article source sources`.split(/\s+/),
);

/** Capitalised words that start sentences or headlines without naming anything. */
const NOT_ENTITY = new Set(
  `the a an in on at for of and but or to from by with as this that these those it its he she they we i you his her their our
my your there here when where what who why how after before while during since if then yet so also however but according
more most many some all one two three new last first next former breaking update updated watch read live exclusive video
photos opinion analysis editor mr mrs ms dr sir monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec`.split(/\s+/),
);

const MAX_ENTITY_WORDS = 5;
const COMPANY_SUFFIX = /^(inc|corp|corporation|co|ltd|llc|plc|ag|sa|nv|gmbh)$/;
const CONNECTOR = /^(of|de|del|la|van|von|al|bin|el|and)$/;

/** "6,000" and "1,250,000" as one number: otherwise every large figure adds the same term "000". */
function joinThousands(text: string): string {
  return text.replace(/(?<=\d),(?=\d{3}(?!\d))/g, '');
}

/** Content words of a text: lower case, letters and digits, no stop words, stemmed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of joinThousands(text.normalize('NFKC').toLowerCase()).matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    let w = m[0].replace(/['’]s$/, '').replace(/['’]/g, '');
    if (w.length < 3 || STOP.has(w)) continue;
    if (/^\d+$/.test(w) && (w.length < 2 || /^(19|20)\d\d$/.test(w))) continue;
    w = stem(w);
    out.push(w);
  }
  return out;
}

/**
 * Named things in a text: runs of capitalised words (and all-caps acronyms) such as
 * "North Korea", "Hua Chunying", "DPRK", lower-cased (not stemmed: names do not inflect). Punctuation
 * between two words ends a run ("Nice, France" names two places). A single capitalised word that
 * only ever occurs first in a sentence is not taken ("Bitcoin fell" counts once the text also says
 * "sold Bitcoin"). A possessive 's is dropped.
 */
export function entities(text: string): string[] {
  const out: string[] = [];
  /** Single words seen only first in a sentence so far, in order. */
  const initial: string[] = [];
  const sentences = text.normalize('NFKC').split(/(?<=[.!?:;"”\n])\s+|\n+/);
  for (const s of sentences) {
    const toks = [...s.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)];
    let run: string[] = [];
    let runStart = -1;
    const flush = () => {
      while (run.length && NOT_ENTITY.has(run[0] as string)) {
        run.shift();
        runStart++;
      }
      // "Equifax Inc." and "Equifax" are one name.
      while (run.length > 1 && COMPANY_SUFFIX.test(run[run.length - 1] as string)) run.pop();
      while (run.length && (NOT_ENTITY.has(run[run.length - 1] as string) || CONNECTOR.test(run[run.length - 1] as string))) run.pop();
      // Longer runs are headlines or captions in title case, not names; digits make codes and prices.
      if (run.length && run.length <= MAX_ENTITY_WORDS && !run.some((w) => /\d/.test(w))) {
        if (run.length === 1 && runStart === 0) initial.push(run[0] as string);
        else out.push(run.join(' '));
      }
      run = [];
      runStart = -1;
    };
    toks.forEach((m, i) => {
      const raw = m[0].replace(/['’]s$/, '').replace(/[.'’-]+$/, '');
      const cap = /^\p{Lu}/u.test(raw) && raw.length > 1;
      const prev = toks[i - 1];
      const joined = prev !== undefined && /^\s*$/.test(s.slice((prev.index ?? 0) + prev[0].length, m.index));
      if (run.length && !joined) flush();
      const connector = run.length > 0 && CONNECTOR.test(raw) && i + 1 < toks.length;
      if (cap) {
        if (run.length === 0) runStart = i;
        run.push(raw.toLowerCase().replace(/[.'’]/g, ''));
      } else if (connector) {
        run.push(raw.toLowerCase());
      } else if (run.length) {
        flush();
      }
    });
    if (run.length) flush();
  }
  const named = new Set(out);
  for (const w of initial) if (named.has(w)) out.push(w);
  return out.filter((e) => e.length >= 2);
}

/** True when most words of a line are capitalised (a Title Case headline names nothing by its capitals). */
export function isTitleCase(line: string): boolean {
  const ws = line.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  const long = ws.filter((w) => w.length > 3);
  if (long.length < 3) return false;
  return long.filter((w) => /^\p{Lu}/u.test(w)).length / long.length > 0.6;
}

/**
 * The names that the text also writes in lower case at least as often as capitalised: topics a
 * heading capitalises ("Zero Waste", "Cloud Computing"), not proper names, which keep their capitals.
 */
export function lowerCaseNames(text: string, names: string[]): Set<string> {
  const capitalised = new Map<string, number>();
  for (const e of names) capitalised.set(e, (capitalised.get(e) ?? 0) + 1);
  const out = new Set<string>();
  const norm = text.normalize('NFKC');
  for (const [e, n] of capitalised) {
    if (!/^[\p{Ll} ]+$/u.test(e)) continue;
    let lower = 0;
    for (let i = norm.indexOf(e); i >= 0; i = norm.indexOf(e, i + e.length)) {
      const before = norm[i - 1];
      const after = norm[i + e.length];
      if ((before === undefined || !/[\p{L}\p{N}]/u.test(before)) && (after === undefined || !/[\p{L}\p{N}]/u.test(after))) lower++;
    }
    if (lower >= n) out.add(e);
  }
  return out;
}

/** Words that address the reader ("you", "your"). */
const SECOND_PERSON = /^(you|your|yours|yourself|yourselves|you're|you'll|you've|you'd)$/;
/** Words of reporting: a news report gives someone's words or a finding as told. */
const REPORTING = /^(said|says|told|according|announced|stated|reported|confirmed|added|wrote|claimed|denied)$/;
/** How much of the text is read for its kind: the lead, where a report names its source. */
const KIND_LEAD_WORDS = 200;
/** Second-person words in the lead from which a text that reports nobody addresses its reader. */
const READER_WORDS = 2;

/**
 * True for a page that speaks to its reader and reports nobody: in its lead, at least two words of
 * "you" and no word of reporting ("said", "told", "according"). Guides, lists and product pages are
 * written so; a news report of an event gives who said or found what (on busy-day 4 of the 383
 * news articles and 449 of the 791 unrelated web pages are such pages).
 */
export function addressesReader(text: string): boolean {
  let you = 0;
  let n = 0;
  for (const m of text.matchAll(/[\p{L}'’]+/gu)) {
    if (++n > KIND_LEAD_WORDS) break;
    const w = m[0].toLowerCase().replace(/’/g, "'");
    if (REPORTING.test(w)) return false;
    if (SECOND_PERSON.test(w)) you++;
  }
  return you >= READER_WORDS;
}
