/**
 * Parses an HTTP Retry-After value (delta seconds or an HTTP date) into milliseconds from `now`.
 * A date in the past gives 0; an empty or unparsable value gives undefined.
 */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}
