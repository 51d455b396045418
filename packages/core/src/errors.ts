/**
 * An input that can never be processed (a malformed page, a missing article, a 404).
 * Workers turn it into BullMQ's UnrecoverableError, so the job lands in the failed set
 * with this message instead of being retried.
 */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A connection URL fit for messages: the password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
