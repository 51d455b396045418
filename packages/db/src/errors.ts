/**
 * What a database error says about retrying. One place for the SQLSTATE classes:
 * - unavailable: the server or the connection is away (restart, network); not the job's fault.
 * - conflict: a deadlock or serialization failure; running the same work again succeeds.
 * - deterministic: the same statement with the same data fails again (bad bytes, our constraints).
 */
export type DbFailureKind = 'unavailable' | 'conflict' | 'deterministic' | 'other';

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

// pg's own messages for a lost or unobtainable connection (it sets no code on them).
const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /terminating connection due to/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /connect ECONNREFUSED/i,
];

function codesOf(err: unknown, depth = 0): { code?: string; message: string }[] {
  if (!err || typeof err !== 'object' || depth > 3) return [];
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  const own = { code: typeof e.code === 'string' ? e.code : undefined, message: typeof e.message === 'string' ? e.message : '' };
  const nested = [...(Array.isArray(e.errors) ? e.errors : []), ...(e.cause ? [e.cause] : [])].flatMap((x) => codesOf(x, depth + 1));
  return [own, ...nested];
}

export function classifyDbError(err: unknown): DbFailureKind {
  const parts = codesOf(err);
  for (const { code, message } of parts) {
    if (code && SOCKET_CODES.has(code)) return 'unavailable';
    // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now;
    // 53300: too many connections.
    if (code && (/^08/.test(code) || /^57P0[123]$/.test(code) || code === '53300')) return 'unavailable';
    if (!code && CONNECTION_MESSAGES.some((re) => re.test(message))) return 'unavailable';
  }
  const code = parts[0]?.code;
  if (code === '40P01' || code === '40001') return 'conflict';
  // 22: data exception (invalid byte sequence, value out of range, bad text representation);
  // 23502 not null, 23514 check: constraints of our own schema that the same data breaks again.
  // (23505 unique and 23503 foreign key can be races between workers, so they are retried.)
  if (code && (/^22/.test(code) || code === '23502' || code === '23514')) return 'deterministic';
  return 'other';
}
