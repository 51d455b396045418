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
