// Written number forms: "1,400", "1.4 million", "two", "a million", "twenty-five".

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
export const SCALES: Record<string, number> = {
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, mln: 1e6, bln: 1e9, m: 1e6, bn: 1e9, k: 1e3,
};

const UNIT_MAP = new Map(Object.entries(UNITS));
const TENS_MAP = new Map(Object.entries(TENS));
const COMPOUND = /^([a-z]+)-([a-z]+)$/;

/** The value of one word-number token ("two", "twenty-five", "dozen"), or null. */
export function wordValue(lower: string): number | null {
  if (lower.length < 3 || lower.length > 20) return null;
  const u = UNIT_MAP.get(lower);
  if (u !== undefined) return u;
  const t = TENS_MAP.get(lower);
  if (t !== undefined) return t;
  if (lower === 'dozen') return 12;
  if (lower.indexOf('-') < 0) return null;
  const m = COMPOUND.exec(lower);
  if (!m) return null;
  const a = TENS_MAP.get(m[1]!);
  const b = UNIT_MAP.get(m[2]!);
  return a !== undefined && b !== undefined && b > 0 && b < 10 ? a + b : null;
}

/** The value of a digit token ("1,400", "1.4"), or null. */
export function digitValue(text: string): number | null {
  if (!/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(text)) return null;
  const v = Number(text.replace(/,/g, ''));
  return Number.isFinite(v) ? v : null;
}

/** Parses a number phrase written in words or digits ("1.4 million", "a million", "two thousand"). */
export function parseNumber(phrase: string): number | null {
  const words = phrase.toLowerCase().replace(/,(?=\d{3})/g, '').split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ((w === 'a' || w === 'an') && i === 0 && words.length > 1) { current = 1; seen = true; continue; }
    if (w === 'and' && seen) continue;
    const d = /^\d+(\.\d+)?$/.test(w) ? Number(w) : wordValue(w);
    if (d !== null) { current += d; seen = true; continue; }
    const s = Object.hasOwn(SCALES, w) ? SCALES[w] : undefined;
    if (s !== undefined && seen) {
      if (s === 100) current *= 100;
      else { total += current * s; current = 0; }
      continue;
    }
    return null;
  }
  return seen ? total + current : null;
}
