import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stderr, so stdout stays free for command output (JSON lines, summaries). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'newsline'): Logger {
  return pino({ name, level, base: { name } }, pino.destination(2));
}

/**
 * A listener for a connection's 'error' events (a lost Redis or Postgres connection that the
 * client reconnects by itself): logs the first error, then at most one line per `everyMs` with how
 * many came meanwhile, so an outage is seen in the logs without a line per reconnect attempt.
 */
export function connectionErrorLogger(logger: Logger, what: string, everyMs = 10_000): (err: unknown) => void {
  let last = 0;
  let suppressed = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < everyMs) {
      suppressed++;
      return;
    }
    logger.warn({ connection: what, err: err instanceof Error ? err.message : String(err), ...(suppressed ? { suppressed } : {}) }, `${what} connection error`);
    last = now;
    suppressed = 0;
  };
}
