// Deadlocks and serialization failures are transient: the transaction that lost is rolled back
// whole by Postgres, and running it again is correct. They are retried, never reported as a
// permanent failure of the input.

/** SQLSTATEs of failures that a fresh run of the same transaction may not meet again. */
const TRANSIENT_CODES = new Set([
  '40P01', // deadlock_detected
  '40001', // serialization_failure
  '55P03', // lock_not_available
]);

export function isTransientDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

export interface RetryTransientOptions {
  /** Runs in all (default 8). */
  attempts?: number;
  /** Upper bound of the first random pause in ms; doubles each time (default 20). */
  baseDelayMs?: number;
  /** Told of each retry (for a log line or a counter). */
  onRetry?: (err: unknown, attempt: number) => void;
}

/**
 * Runs fn (one whole transaction) again after a deadlock or serialization failure, with a short
 * random pause that doubles each time; any other error, or the last transient one, is thrown.
 */
export async function retryTransient<T>(fn: () => Promise<T>, opts: RetryTransientOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 8;
  const base = opts.baseDelayMs ?? 20;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientDbError(err) || attempt >= attempts) throw err;
      opts.onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, Math.random() * base * 2 ** (attempt - 1)));
    }
  }
}
