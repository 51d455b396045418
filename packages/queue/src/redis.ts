import { redactUrl } from '@newsline/core';
import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/**
 * The one place Redis clients are made.
 * - worker: blocking commands must wait through reconnects, so `maxRetriesPerRequest: null`
 *   (BullMQ requires it for workers).
 * - producer: a command fails after one reconnect attempt when Redis is down, so a
 *   CLI or an HTTP handler reports the outage instead of hanging.
 */
export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const common: RedisOptions = { connectionName: `newsline-${role}`, lazyConnect: false };
  const byRole: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, connectTimeout: 3000 };
  const client = new Redis(url, { ...common, ...byRole, ...extra });
  // Without a listener, ioredis prints every reconnect failure; callers log what matters.
  client.on('error', () => undefined);
  return client;
}

/** Resolves when Redis answers PING, or throws a RedisUnavailableError naming REDIS_URL. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new RedisUnavailableError(
      `Redis is not reachable at REDIS_URL=${redactUrl(url)} (${err instanceof Error ? err.message : String(err)}). ` +
        'Start Redis (for example `docker compose up -d redis`) or set REDIS_URL.',
    );
  } finally {
    client.disconnect();
  }
}

const REDIS_CONNECTION_MESSAGES = [
  /Connection is closed/i,
  /Reached the max retries per request limit/i,
  /Stream isn't writeable/i,
  /connect ECONNREFUSED/i,
  /read ECONNRESET/i,
  /LOADING Redis is loading/i,
];

/** True when an error says Redis could not be reached (not that a command was wrong). */
export function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof RedisUnavailableError) return true;
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; message?: unknown };
  if (e.name === 'MaxRetriesPerRequestError') return true;
  return typeof e.message === 'string' && REDIS_CONNECTION_MESSAGES.some((re) => re.test(e.message as string));
}

/** Redis's eviction policy, or null when the server does not say (INFO restricted). */
export async function maxmemoryPolicy(client: Redis): Promise<string | null> {
  try {
    const info = await client.info('memory');
    return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
  } catch {
    return null;
  }
}
