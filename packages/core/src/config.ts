import { createLogger, type Logger } from './logger.js';
import { z } from 'zod';

/** Thrown when the environment does not describe a usable configuration. Names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: z.string().optional(),
  // `{name}` is a Redis Cluster hash tag: every queue key then hashes to one slot, as BullMQ's
  // Lua scripts need on a cluster.
  QUEUE_PREFIX: z
    .string()
    .regex(/^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/, 'letters, digits, "_" and "-" only, optionally in braces ({name}, a cluster hash tag)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_PORT: port.default(3000),
  DASHBOARD_USER: z.string().min(1).optional(),
  DASHBOARD_PASSWORD: z.string().min(1).optional(),
  ALIASES_FILE: z.string().min(1).optional(),
  LEXICON_FILE: z.string().min(1).optional(),
  CONTACT_URL: z.string().url().default('https://github.com/newsline/newsline'),
  FETCH_ALLOW_HOSTS: z.string().default(''),
  FETCH_MAX_PER_HOST: z.coerce.number().int().min(1).max(64).default(2),
  FETCH_RPS_PER_HOST: z.coerce.number().positive().max(1000).default(1),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  FETCH_MAX_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  FEED_INTERVAL_SECONDS: z.coerce.number().int().min(60).default(900),
  EXTRACT_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  WORKER_METRICS_PORT: port.optional(),
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  STUCK_AFTER_SECONDS: z.coerce.number().int().min(1).default(600),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  /** Set when DATABASE_URL was given; otherwise the CLI picks a local default (see db). */
  databaseUrl: string | undefined;
  /**
   * Where the dashboard, its API and the exports read (a read replica); unset: the same database
   * as DATABASE_URL. The workers and every command that writes use DATABASE_URL.
   */
  databaseReadUrl: string | undefined;
  redisUrl: string;
  /** Set when REDIS_CLUSTER_NODES was given: the Redis Cluster's seed nodes, used instead of REDIS_URL. */
  redisClusterNodes: { host: string; port: number }[] | undefined;
  /** BullMQ's key prefix; hash-tagged (`{newsline}`) on a Redis Cluster. */
  queuePrefix: string;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  workerConcurrency: number;
  /** How long a worker holds a job before another may take it over (a crashed worker's jobs come back after this). */
  jobLockMs: number;
  dashboard: { host: string; port: number; user: string | undefined; password: string | undefined };
  aliasesFile: string | undefined;
  /** An operator's claims lexicon (JSON) merged over the shipped one. */
  lexiconFile: string | undefined;
  contactUrl: string;
  fetch: {
    /** Hosts the SSRF guard lets through although they resolve to private or loopback addresses. */
    allowHosts: string[];
    maxPerHost: number;
    requestsPerSecondPerHost: number;
    timeoutMs: number;
    maxBytes: number;
  };
  feedIntervalSeconds: number;
  /** Extraction worker threads (default: one per core) and the time limit per page. */
  extract: { threads: number | undefined; timeoutMs: number };
  /** Where a worker process started on its own serves /metrics (off when port is unset). */
  workerMetrics: { host: string; port: number | undefined };
  /**
   * The sweeper: an unfinished article unchanged for `stuckAfterMs` whose job is gone (Redis
   * lost, a job finished under a stale id) gets its job again; it looks every `intervalMs`.
   */
  sweep: { stuckAfterMs: number; intervalMs: number };
}

/**
 * Reads the configuration once from an environment (process.env by default).
 * Fails with a ConfigError whose message names every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in most shells and compose files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.DASHBOARD_USER === undefined) !== (e.DASHBOARD_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: set both DASHBOARD_USER and DASHBOARD_PASSWORD, or neither');
  }
  const clusterNodes = e.REDIS_CLUSTER_NODES === undefined ? undefined : parseClusterNodes(e.REDIS_CLUSTER_NODES);
  if (clusterNodes && e.QUEUE_PREFIX !== undefined && !e.QUEUE_PREFIX.startsWith('{')) {
    throw new ConfigError(
      `Invalid configuration:\n  QUEUE_PREFIX=${JSON.stringify(e.QUEUE_PREFIX)}: on a Redis Cluster (REDIS_CLUSTER_NODES) the prefix must be a hash tag, e.g. {${e.QUEUE_PREFIX}}`,
    );
  }
  return {
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    redisUrl: e.REDIS_URL,
    redisClusterNodes: clusterNodes,
    queuePrefix: e.QUEUE_PREFIX ?? (clusterNodes ? '{newsline}' : 'newsline'),
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    workerConcurrency: e.WORKER_CONCURRENCY,
    jobLockMs: e.JOB_LOCK_MS,
    dashboard: {
      host: e.DASHBOARD_HOST,
      port: e.DASHBOARD_PORT,
      user: e.DASHBOARD_USER,
      password: e.DASHBOARD_PASSWORD,
    },
    aliasesFile: e.ALIASES_FILE,
    lexiconFile: e.LEXICON_FILE,
    contactUrl: e.CONTACT_URL,
    fetch: {
      allowHosts: e.FETCH_ALLOW_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
      maxPerHost: e.FETCH_MAX_PER_HOST,
      requestsPerSecondPerHost: e.FETCH_RPS_PER_HOST,
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBytes: e.FETCH_MAX_BYTES,
    },
    feedIntervalSeconds: e.FEED_INTERVAL_SECONDS,
    extract: { threads: e.EXTRACT_THREADS, timeoutMs: e.EXTRACT_TIMEOUT_MS },
    workerMetrics: { host: e.WORKER_METRICS_HOST, port: e.WORKER_METRICS_PORT },
    sweep: { stuckAfterMs: e.STUCK_AFTER_SECONDS * 1000, intervalMs: e.SWEEP_INTERVAL_SECONDS * 1000 },
  };
}

/** `host:port,host:port,...` (IPv6 hosts in brackets: `[::1]:7000`), or a ConfigError naming REDIS_CLUSTER_NODES. */
export function parseClusterNodes(value: string): { host: string; port: number }[] {
  const bad = (why: string): ConfigError =>
    new ConfigError(`Invalid configuration:\n  REDIS_CLUSTER_NODES=${JSON.stringify(value)}: ${why} (expected host:port,host:port,...)`);
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw bad('no nodes');
  return parts.map((part) => {
    const m = /^(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(part);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) throw bad(`${JSON.stringify(part)} is not host:port`);
    return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
  });
}

/**
 * A service's start: the configuration and a logger named for the service, or the reason the
 * configuration is bad on stderr (the same message as the command line's, no stack trace) and
 * exit status 1.
 */
export function loadServiceConfig(service: string): { config: Config; logger: Logger } {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `${service}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  return { config, logger: createLogger(config.logLevel, service) };
}
