// The claim's time from the text, resolved against the article's publication date.
import * as chrono from 'chrono-node';

/** YYYY-MM-DD of a date or ISO string, or null when it cannot be read. */
export function isoDay(d: string | Date | null | undefined): string | null {
  if (d == null || d === '') return null;
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().slice(0, 10);
}

const DAY = 86_400_000;
/** chrono results per sentence: one sentence holds several claims. */
const parsed = new Map<string, chrono.ParsedResult[]>();
const HAS_DATE_WORD = /\b(yesterday|today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|ago|\d{4}-\d{2}-\d{2})\b|\b(May|March) \d|\blast (week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

/**
 * The date a sentence gives for its claim (the date expression nearest to `anchor`), resolved
 * against `published` (YYYY-MM-DD): weekdays and month-days without a year fall on or before it.
 */
export function claimDate(sentence: string, sentenceStart: number, published: string | null, anchor: number): string | null {
  if (!HAS_DATE_WORD.test(sentence)) return null;
  const ref = published ? new Date(`${published}T12:00:00Z`) : new Date(Date.UTC(2000, 0, 1, 12));
  const key = `${published ?? ''}|${sentence}`;
  let results = parsed.get(key);
  if (!results) {
    try {
      results = chrono.parse(sentence, { instant: ref, timezone: 'UTC' }, { forwardDate: false });
    } catch {
      results = [];
    }
    if (parsed.size > 500) parsed.clear();
    parsed.set(key, results);
  }
  let best: { d: string; dist: number } | null = null;
  for (const r of results) {
    const c = r.start;
    if (!c.isCertain('day') && !c.isCertain('weekday') && !/yesterday|today|tonight|tomorrow|ago/i.test(r.text)) continue;
    if (/^\d+$/.test(r.text.trim())) continue;
    let t = c.date().getTime();
    if (published) {
      const refT = ref.getTime();
      if (!c.isCertain('year') && t > refT + DAY) {
        if (c.isCertain('month')) {
          const d = c.date();
          d.setUTCFullYear(d.getUTCFullYear() - 1);
          t = d.getTime();
        } else if (c.isCertain('weekday') && !c.isCertain('day')) t -= 7 * DAY;
        else if (c.isCertain('weekday')) t -= 7 * DAY;
      }
    }
    if (!published && !c.isCertain('year')) continue;
    const pos = sentenceStart + r.index;
    const dist = Math.abs(pos - anchor);
    const d = new Date(t).toISOString().slice(0, 10);
    if (!best || dist < best.dist) best = { d, dist };
  }
  return best?.d ?? null;
}
