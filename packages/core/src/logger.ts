import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stderr, so stdout stays free for command output (JSON lines, summaries). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'newsline'): Logger {
  return pino({ name, level, base: { name } }, pino.destination(2));
}
