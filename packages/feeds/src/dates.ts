// Feed dates in the formats found in the wild: RFC 822/1123/2822 (with 2-digit years, named or
// military zones, missing seconds, missing or wrong weekday, no zone), ISO 8601 / W3C-DTF (partial
// dates, compact form, space instead of T, "+hhmm" zones), and Unix timestamps. Returns an ISO
// string in UTC, or null when the text is not a date we can trust.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
  // Common non-English abbreviations seen in feeds (German, French, Spanish, Dutch, Italian, Portuguese).
  mär: 3, mrz: 3, mai: 5, okt: 10, dez: 12, janv: 1, févr: 2, fevr: 2, avr: 4, juin: 6, juil: 7, aoû: 8, aout: 8,
  déc: 12, ene: 1, abr: 4, ago: 8, dic: 12, mei: 5, mag: 5, giu: 6, lug: 7, set: 9, ott: 10, out: 10, fev: 2,
};

const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nzst: 720, nzdt: 780, jst: 540, kst: 540,
  ist: 330, aest: 600, aedt: 660, acst: 570, awst: 480, msk: 180,
};

function militaryZone(z: string): number | undefined {
  if (!/^[a-ik-z]$/i.test(z)) return undefined;
  const c = z.toUpperCase().charCodeAt(0);
  if (z.toUpperCase() === 'Z') return 0;
  if (c >= 65 && c <= 73) return -(c - 64) * 60; // A..I = -1..-9 (RFC 822's sign is reversed in practice; feedparser follows RFC)
  if (c >= 75 && c <= 77) return -(c - 65) * 60; // K..M = -10..-12
  if (c >= 78 && c <= 89) return (c - 77) * 60; // N..Y = +1..+12
  return undefined;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const z = zone.trim();
  if (z === '') return 0;
  const num = /^(?:(?:GMT|UTC|UT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (num) {
    const sign = num[1] === '-' ? -1 : 1;
    return sign * (Number(num[2]) * 60 + Number(num[3] ?? 0));
  }
  const named = ZONES[z.toLowerCase()];
  if (named !== undefined) return named;
  return militaryZone(z);
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, off: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 61) return null;
  if (y < 100) y += y < 50 ? 2000 : 1900;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - off * 60_000;
  const date = new Date(t);
  if (Number.isNaN(t) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 2200) return null;
  // Reject day overflow (e.g. 31 Feb) instead of rolling over.
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null;
  return date.toISOString();
}

const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T\s]+(\d{1,2})(?::?(\d{2}))?(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?)?)?)?$/;

const RFC822 =
  /^(?:[A-Za-z\u00C0-\u017F]{2,12}\.?,?\s*)?(\d{1,2})[\s-]+([A-Za-z\u00C0-\u017F]{3,10})\.?[\s-]+(\d{2,4})(?:[\s,T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?)?\s*(?:\(?([A-Za-z]{1,5}|(?:GMT|UTC|UT)?\s*[+-]\d{1,2}(?::?\d{2})?)\)?)?\s*(?:\([^)]*\))?$/;

// "Tuesday, January 5, 2010 10:00 AM EST", "Jan 5 2010 10:00:00 GMT"
const MONTH_FIRST =
  /^(?:[A-Za-z]{2,12}\.?,?\s*)?([A-Za-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

// asctime: "Sun Nov  6 08:49:37 1994"
const ASCTIME = /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/;

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

/** Parses a feed date; returns an ISO-8601 UTC string or null. Never throws. */
export function parseFeedDate(input: unknown): string | null {
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  const raw = String(input).replace(/\s+/g, ' ').trim();
  if (!raw || raw.length > 100) return null;

  if (/^\d{9,13}$/.test(raw)) {
    const n = Number(raw);
    const ms = raw.length >= 12 ? n : n * 1000;
    const d = new Date(ms);
    return d.getUTCFullYear() >= 1990 && d.getUTCFullYear() <= 2200 ? d.toISOString() : null;
  }

  let m = ISO.exec(raw);
  if (m) {
    const off = offsetMinutes(m[8]);
    if (off === undefined) return null;
    const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
    return build(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Math.floor(frac), off);
  }

  m = RFC822.exec(raw);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    const off = offsetMinutes(m[8]);
    if (mo !== undefined && off !== undefined) {
      return build(Number(m[3]), mo, Number(m[1]), hour12(Number(m[4] ?? 0), m[7]), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, off);
    }
  }

  m = MONTH_FIRST.exec(raw);
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    const off = offsetMinutes(m[8]);
    if (mo !== undefined && off !== undefined) {
      return build(Number(m[3]), mo, Number(m[2]), hour12(Number(m[4] ?? 0), m[7]), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, off);
    }
  }

  m = ASCTIME.exec(raw);
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    if (mo !== undefined) return build(Number(m[6]), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0, 0);
  }

  // "2004-02-28 18:14:55 -0800" style variants and anything else V8 understands unambiguously.
  if (/\d{4}/.test(raw) && /[A-Za-z]{3}|\d{4}-\d{2}/.test(raw)) {
    const t = Date.parse(raw);
    if (!Number.isNaN(t)) {
      const d = new Date(t);
      if (d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 2200) return d.toISOString();
    }
  }
  return null;
}
