import { connectionErrorLogger, createLogger, redactUrl, type Logger } from '@newsline/core';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

/** A single Redis (a URL) or a Redis Cluster (its seed nodes, which take precedence). */
export interface RedisTarget {
  redisUrl: string;
  redisClusterNodes?: { host: string; port: number }[] | undefined;
}

/** What createRedis gives: BullMQ, the politeness limiter and the health check take either. */
export type RedisClient = Redis | Cluster;

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

function roleOptions(role: RedisRole): RedisOptions {
  return role === 'worker'
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 1, connectTimeout: 3000 };
}

/**
 * The one place Redis clients are made.
 * - worker: blocking commands must wait through reconnects, so `maxRetriesPerRequest: null`
 *   (BullMQ requires it for workers).
 * - producer: a command fails after one reconnect attempt when Redis is down, so a
 *   CLI or an HTTP handler reports the outage instead of hanging.
 * With `redisClusterNodes`, an ioredis Cluster with the same per-role options on each node's
 * connection; a node that restarts is reconnected to (its slots come back with it).
 */
export function createRedis(url: string, role: RedisRole, extra?: RedisOptions, logger?: Logger): Redis;
export function createRedis(target: RedisTarget, role: RedisRole, extra?: RedisOptions, logger?: Logger): RedisClient;
export function createRedis(target: string | RedisTarget, role: RedisRole, extra: RedisOptions = {}, logger?: Logger): RedisClient {
  const common: RedisOptions = { connectionName: `newsline-${role}`, lazyConnect: false };
  const nodes = typeof target === 'string' ? undefined : target.redisClusterNodes;
  let client: RedisClient;
  if (nodes?.length) {
    const { maxRetriesPerRequest, enableReadyCheck, ...perNode } = { ...common, ...roleOptions(role), ...extra };
    const options: ClusterOptions = {
      redisOptions: { ...perNode, maxRetriesPerRequest },
      enableReadyCheck: enableReadyCheck ?? true,
      // A restarted master keeps its slots and address, so no MOVED tells the client to come
      // back: reconnect to the node itself.
      clusterNodeRetryStrategy: (times) => Math.min(100 * times, 2000),
      lazyConnect: false,
    };
    client = new Cluster(nodes, options);
  } else {
    client = new Redis(typeof target === 'string' ? target : target.redisUrl, { ...common, ...roleOptions(role), ...extra });
  }
  // Without a listener, ioredis prints every reconnect failure and an unhandled one ends the
  // process: logged here, at most one line per interval while Redis is away.
  client.on('error', connectionErrorLogger(logger ?? createLogger(undefined, 'newsline-redis'), `Redis (${role})`));
  return client;
}

function describe(target: string | RedisTarget): string {
  if (typeof target !== 'string' && target.redisClusterNodes?.length) {
    return `REDIS_CLUSTER_NODES=${target.redisClusterNodes.map((n) => `${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`).join(',')}`;
  }
  return `REDIS_URL=${redactUrl(typeof target === 'string' ? target : target.redisUrl)}`;
}

/**
 * Resolves when Redis answers PING (a cluster: when CLUSTER INFO reports `cluster_state:ok` and
 * every master answers), or throws a RedisUnavailableError naming REDIS_URL or REDIS_CLUSTER_NODES.
 */
export async function checkRedis(target: string | RedisTarget, timeoutMs = 3000): Promise<void> {
  const nodes = typeof target === 'string' ? undefined : target.redisClusterNodes;
  const client: RedisClient = nodes?.length
    ? new Cluster(nodes, {
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: () => null,
        redisOptions: { maxRetriesPerRequest: 0, connectTimeout: timeoutMs },
      })
    : new Redis(typeof target === 'string' ? target : target.redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        connectTimeout: timeoutMs,
        retryStrategy: () => null,
      });
  // A probe: its errors fail the check below, which says why.
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    const check = async (): Promise<void> => {
      await client.connect();
      if (client instanceof Cluster) {
        const info = await client.cluster('INFO');
        if (!/cluster_state:ok/.test(info)) throw new Error(`cluster_state is not ok: ${/cluster_state:\w+/.exec(info)?.[0] ?? info}`);
        await Promise.all(client.nodes('master').map((n) => n.ping()));
      } else {
        await client.ping();
      }
    };
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs + 500);
    });
    await Promise.race([check(), late]);
  } catch (err) {
    const name = nodes?.length ? 'REDIS_CLUSTER_NODES' : 'REDIS_URL';
    throw new RedisUnavailableError(
      `Redis is not reachable at ${describe(target)} (${err instanceof Error ? err.message : String(err)}). ` +
        `Start Redis (for example \`docker compose up -d redis\`) or set ${name}.`,
    );
  } finally {
    clearTimeout(timer);
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
  // A Redis Cluster with a master down or its slots not yet served.
  /CLUSTERDOWN/,
  /Failed to refresh slots cache/i,
  /None of startup nodes is available/i,
];

/** True when an error says Redis could not be reached (not that a command was wrong). */
export function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof RedisUnavailableError) return true;
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; message?: unknown };
  if (e.name === 'MaxRetriesPerRequestError') return true;
  return typeof e.message === 'string' && REDIS_CONNECTION_MESSAGES.some((re) => re.test(e.message as string));
}

/**
 * Redis's eviction policy, or null when the server does not say (INFO restricted). On a cluster,
 * each master's: the first that is not `noeviction`, if any.
 */
export async function maxmemoryPolicy(client: RedisClient): Promise<string | null> {
  const servers = client instanceof Cluster ? client.nodes('master') : [client];
  const policies = await Promise.all(
    servers.map(async (server) => {
      try {
        const info = await server.info('memory');
        return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
      } catch {
        return null;
      }
    }),
  );
  return policies.find((p) => p !== null && p !== 'noeviction') ?? policies.find((p) => p !== null) ?? null;
}
