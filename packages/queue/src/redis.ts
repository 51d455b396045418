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
