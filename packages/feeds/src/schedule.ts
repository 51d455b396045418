import { parseRetryAfter } from '@newsline/formats';

export interface PollScheduleInput {
  /** When the poll finished. */
  now: Date | number;
  /** What the poll got: new content, a 304, or a failure (fetch or parse). */
  outcome: 'ok' | 'not_modified' | 'error';
  /** Failures in a row, counting this one when outcome is 'error' (0 after a success). */
  consecutiveFailures?: number;
  /** Response headers (lower-case names): cache-control, expires, date, age, retry-after. */
  headers?: Record<string, string | undefined>;
  /** RSS <ttl> in minutes. */
  ttlMinutes?: number | undefined;
  /** Retry-After in ms, when the fetch error carried one (FetchError.retryAfterMs). */
  retryAfterMs?: number | undefined;
  /** Shortest interval between polls of one feed. Default 10 minutes. */
  minIntervalMs?: number;
  /** Longest interval between successful polls. Default 6 hours. */
  maxIntervalMs?: number;
  /** Interval when the feed gives no hint. Default 1 hour. */
  defaultIntervalMs?: number;
  /** Back-off ceiling for failing feeds: they are still tried this often, forever. Default 24 hours. */
  maxBackoffMs?: number;
  /** Random spread, as a fraction of the interval (±). Default 0.1. */
  jitter?: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

export interface PollSchedule {
  at: Date;
  intervalMs: number;
  /** What decided the interval: 'retry-after', 'backoff', 'cache-control', 'expires', 'ttl', 'default'. */
  reason: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Freshness the server promised, in ms, from Cache-Control (s-maxage, max-age minus Age) or Expires. */
export function freshnessMs(headers: Record<string, string | undefined>, now: number): { ms: number; source: 'cache-control' | 'expires' } | undefined {
  const cc = (headers['cache-control'] ?? '').toLowerCase();
  if (!/no-cache|no-store/.test(cc)) {
    const m = /(?:^|[,\s])s-maxage\s*=\s*"?(\d+)/.exec(cc) ?? /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cc);
    if (m) {
      const age = Number(headers.age ?? 0) || 0;
      return { ms: Math.max(0, Number(m[1]) - age) * 1000, source: 'cache-control' };
    }
  }
  const expires = headers.expires;
  if (expires) {
    const t = Date.parse(expires);
    if (!Number.isNaN(t)) {
      const date = headers.date ? Date.parse(headers.date) : NaN;
      const ref = Number.isNaN(date) ? now : date;
      return { ms: Math.max(0, t - ref), source: 'expires' };
    }
  }
  return undefined;
}

/**
 * When to poll a feed next. Successful polls follow the server's hints (Cache-Control, Expires,
 * RSS ttl; the largest wins, since each says "nothing new before then") within [min, max].
 * Failures back off exponentially from the default interval (x2 per failure) up to
 * `maxBackoffMs` and never stop; Retry-After is honoured (never sooner), within the same bounds.
 * A success resets the caller's failure count, so a feed recovers on its own. Jitter (±10%) keeps
 * thousands of feeds from polling in lockstep. Pure: same input (and random) gives the same output.
 */
export function nextPollAt(input: PollScheduleInput): PollSchedule {
  const now = typeof input.now === 'number' ? input.now : input.now.getTime();
  const min = input.minIntervalMs ?? 10 * MIN;
  const max = Math.max(min, input.maxIntervalMs ?? 6 * HOUR);
  const def = clamp(input.defaultIntervalMs ?? HOUR, min, max);
  const ceiling = Math.max(min, input.maxBackoffMs ?? 24 * HOUR);
  const jitter = clamp(input.jitter ?? 0.1, 0, 0.5);
  const rnd = input.random ?? Math.random;
  const headers = input.headers ?? {};

  let interval: number;
  let reason: string;
  let hi = max;
  const ra = input.retryAfterMs ?? parseRetryAfter(headers['retry-after'], now);
  if (input.outcome === 'error') {
    const failures = Math.max(1, input.consecutiveFailures ?? 1);
    interval = def * 2 ** Math.min(failures - 1, 30);
    reason = 'backoff';
    hi = ceiling;
    if (ra !== undefined && ra > interval) {
      interval = ra;
      reason = 'retry-after';
    }
  } else {
    const hints: [number, string][] = [];
    const fresh = freshnessMs(headers, now);
    if (fresh) hints.push([fresh.ms, fresh.source]);
    if (input.ttlMinutes && input.ttlMinutes > 0) hints.push([input.ttlMinutes * MIN, 'ttl']);
    if (ra !== undefined) hints.push([ra, 'retry-after']);
    hints.sort((a, b) => b[0] - a[0]);
    [interval, reason] = hints[0] ?? [def, 'default'];
  }
  interval = clamp(interval, min, hi);
  const spread = interval * jitter * (2 * rnd() - 1);
  // Jitter never goes below the minimum, nor before a Retry-After.
  const floor = reason === 'retry-after' ? Math.max(min, interval) : min;
  const jittered = Math.round(clamp(interval + spread, floor, hi * (1 + jitter)));
  return { at: new Date(now + jittered), intervalMs: jittered, reason };
}
