// Date parsing for metadata values and visible text: ISO 8601, RFC 2822, "September 4, 2025",
// "4 Sept. 2025", "04-ago-2021", "2025/09/04", URL date paths. Every result is an ISO 8601 instant or null:
// `Z` when the source gives UTC, no zone or a calendar day only, else the source's own offset
// (`2024-01-31T18:30:00.000-05:00`), so that the day part is the publisher's local date.

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
  // a few other languages' month names (full forms)
  januar: 1, februar: 2, märz: 3, maerz: 3, mai: 5, juni: 6, juli: 7, oktober: 10, dezember: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, juin: 6, juillet: 7, août: 8, aout: 8,
  septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9,
  setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
};

// abbreviated month names of other languages, read only in a day-month-year written with hyphens
// or dots ("04-ago-2021", "12-Dez-2024", "3.févr.2023"), where English words cannot stand
const SHORT_MONTHS: Record<string, number> = {
  ...MONTHS,
  ene: 1, abr: 4, ago: 8, dic: 12, // Spanish
  gen: 1, mag: 5, giu: 6, lug: 7, set: 9, ott: 10, // Italian
  mär: 3, mrz: 3, okt: 10, dez: 12, // German
  janv: 1, févr: 2, fevr: 2, avr: 4, juil: 7, déc: 12, // French
  fev: 2, out: 10, // Portuguese
};

const MIN_YEAR = 1990;

function valid(y: number, m: number, d: number): boolean {
  if (!(y >= MIN_YEAR && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function ymd(y: number, m: number, d: number): string | null {
  return valid(y, m, d) ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00.000Z` : null;
}

function toIso(t: number): string | null {
  if (!Number.isFinite(t)) return null;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < MIN_YEAR || y > 2100) return null;
  return d.toISOString();
}

/** Formats a wall-clock time at a UTC offset (minutes) as an ISO instant that keeps that offset. */
function withOffset(wallMs: number, offsetMin: number): string | null {
  const iso = toIso(wallMs);
  if (!iso || offsetMin === 0) return iso;
  if (Math.abs(offsetMin) > 18 * 60) return toIso(wallMs - offsetMin * 60_000);
  const a = Math.abs(offsetMin);
  return `${iso.slice(0, -1)}${offsetMin < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const ISO_RE = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?/i;

/**
 * Parses a machine-readable date (meta content, JSON-LD, `<time datetime>`): ISO 8601 with or
 * without time and offset, RFC 2822, epoch seconds/ms, or a human date. An ISO instant (keeping
 * the value's own UTC offset) or null.
 */
export function parseDate(value: unknown, known?: ReadonlySet<string>): string | null {
  if (value == null) return null;
  if (typeof value === 'number') return toIso(value > 1e11 ? value : value * 1000);
  if (typeof value !== 'string') return null;
  // values quoted twice ('"2025-12-17T13:22:47Z"') lose their quotes
  const s = value.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  if (!s) return null;
  if (/^\d{10}(\d{3})?$/.test(s)) return toIso(s.length === 13 ? Number(s) : Number(s) * 1000);
  const m = ISO_RE.exec(s);
  if (m) {
    const [, Y, M, D, h, mi, se, tz] = m;
    const y = Number(Y), mo = Number(M), d = Number(D);
    if (!valid(y, mo, d)) return null;
    if (h === undefined) return ymd(y, mo, d);
    let offsetMin = 0;
    if (tz && /^[+-]/.test(tz)) {
      const digits = tz.replace(':', '');
      offsetMin = (tz.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
    }
    if (Number(h) > 23 || Number(mi) > 59 || Number(se ?? 0) > 60) return ymd(y, mo, d);
    return withOffset(Date.UTC(y, mo - 1, d, Number(h), Number(mi), Number(se ?? 0)), offsetMin);
  }
  return parseHumanDate(s, known);
}

const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const DMY_NAME = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(?:de\\s+)?(${MONTH_NAMES})\\.?,?\\s+(?:de\\s+)?(\\d{4})\\b`, 'i');
const MDY_NAME = new RegExp(`\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const YMD_NAME = new RegExp(`\\b(\\d{4})\\s+(${MONTH_NAMES})\\.?\\s+(\\d{1,2})\\b`, 'i');
// the day may run into an ISO time ("2022-11-23T08:10+02:00")
const YMD_NUM = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])/;
const SHORT_NAMES = Object.keys(SHORT_MONTHS).sort((a, b) => b.length - a.length).join('|');
const DMY_SHORT = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})([-.])(${SHORT_NAMES})\\.?\\2(\\d{4})\\b`, 'iu');
const DMY_NUM = /\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b/;
const TIME_RE = /(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})?/i;

/**
 * Finds a human-written date in a short text ("Published Sept. 4, 2025 at 3:10 pm", "4 September
 * 2025", "2025/09/04"). Numeric day-first/month-first forms are read only when unambiguous
 * (or as day-first for dotted dates). Where both readings are valid ("02-12-2025"), `known` (days
 * the page gives elsewhere as YYYY-MM-DD) picks the reading the page confirms. UTC ISO of that
 * calendar day, or null.
 */
export function parseHumanDate(text: string, known?: ReadonlySet<string>): string | null {
  const s = text.replace(/\s+/g, ' ');
  let best: { at: number; iso: string } | null = null;
  const consider = (at: number, iso: string | null): void => {
    if (iso && (!best || at < best.at)) best = { at, iso };
  };
  let m = MDY_NAME.exec(s);
  if (m) consider(m.index, ymd(Number(m[3]), MONTHS[m[1]!.toLowerCase()] ?? 0, Number(m[2])));
  m = DMY_NAME.exec(s);
  if (m) consider(m.index, ymd(Number(m[3]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[1])));
  m = YMD_NAME.exec(s);
  if (m) consider(m.index, ymd(Number(m[1]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[3])));
  m = DMY_SHORT.exec(s);
  if (m) consider(m.index, ymd(Number(m[4]), SHORT_MONTHS[m[3]!.toLowerCase()] ?? 0, Number(m[1])));
  m = YMD_NUM.exec(s);
  if (m) consider(m.index, ymd(Number(m[1]), Number(m[2]), Number(m[3])));
  m = DMY_NUM.exec(s);
  if (m) {
    const a = Number(m[1]), b = Number(m[2]), y = Number(m[3]);
    const sep = s[m.index + m[1]!.length];
    // 13/04/2025 is day-first; 04/13/2025 month-first; dotted 04.05.2025 is day-first (European)
    if (a > 12) consider(m.index, ymd(y, b, a));
    else if (b > 12) consider(m.index, ymd(y, a, b));
    else {
      const first = sep === '.' ? ymd(y, b, a) : ymd(y, a, b);
      const other = sep === '.' ? ymd(y, a, b) : ymd(y, b, a);
      const confirmed = (iso: string | null): boolean => !!iso && !!known?.has(iso.slice(0, 10));
      consider(m.index, !confirmed(first) && confirmed(other) ? other : first);
    }
  }
  const found = best as { at: number; iso: string } | null;
  if (!found) return null;
  // keep a time given right after the date, when it has an explicit zone
  const rest = s.slice(found.at, found.at + 60);
  const t = TIME_RE.exec(rest);
  if (t && t[5]) {
    let h = Number(t[1]);
    const ap = t[4]?.toLowerCase().replace(/\./g, '');
    if (ap === 'pm' && h < 12) h += 12;
    if (ap === 'am' && h === 12) h = 0;
    const tz = t[5].toUpperCase();
    let offsetMin = 0;
    if (/^[+-]/.test(tz)) {
      const digits = tz.replace(':', '');
      offsetMin = (tz.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
    }
    const day = new Date(found.iso);
    if (h > 23 || Number(t[2]) > 59) return found.iso;
    const wall = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, Number(t[2]), Number(t[3] ?? 0));
    return withOffset(wall, offsetMin) ?? found.iso;
  }
  return found.iso;
}

/** A date in a URL path: /2025/09/04/, /2025-09-04-, /20250904/, /2025/september/04/. */
export function dateFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  let m = /\/((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.-]|$)/.exec(path);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(?:^|[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)/.exec(path);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  // /2023/october/03/, /2023/oct/03/
  m = new RegExp(`/((?:19|20)\\d{2})/(${MONTH_NAMES})/(\\d{1,2})(?:[/_.-]|$)`, 'i').exec(path);
  if (m) return ymd(Number(m[1]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[3]));
  return null;
}
