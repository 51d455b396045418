import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

export interface PolitenessOptions {
  /** At most this many requests in flight to one host, across all processes. Default 2. */
  maxConcurrent?: number;
  /** At most this many request starts per second to one host (may be fractional). Default 1. */
  requestsPerSecond?: number;
  /** A lease not released within this time (a crashed worker) frees its slot. Default 120 s. */
  leaseMs?: number;
  /** Longest a Retry-After can block a host. Default 1 hour. */
  maxBlockMs?: number;
  /** Block after a 429/503 that gives no Retry-After. Default 30 s. */
  defaultBlockMs?: number;
}

export interface Lease {
  host: string;
  release(): Promise<void>;
}

/** A per-host gate for requests: concurrency, rate, and Retry-After blocks. */
export interface HostLimiter {
  /** Waits until a request to `host` may start; the lease must be released when it ends. */
  acquire(host: string, signal?: AbortSignal): Promise<Lease>;
  /** Blocks the host for `ms` (from Retry-After, or a default when undefined). */
  penalize(host: string, ms: number | undefined): Promise<void>;
  /** Redis round trips made so far (for benchmarks). */
  readonly roundTrips: number;
}

// KEYS: concurrency zset, next-start key, block key. ARGV: maxConcurrent, intervalMs, leaseMs, leaseId.
// Returns {1, wait}: the lease is taken and a start slot `wait` ms from now is reserved for the
// caller (it sleeps, then starts, with no second round trip); or {0, wait}: no slot (host blocked
// or K leases out), try again in `wait` ms. A lease counts against K from the moment it is
// reserved, so requests in flight never exceed K, and reserved slots are spaced by the interval,
// so starts never exceed R per second. Uses the Redis server clock, so all processes agree.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxc = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local block = tonumber(redis.call('GET', KEYS[3]) or '0')
if block > now then return {0, block - now} end
local n = redis.call('ZCARD', KEYS[1])
if n >= maxc then
  local soonest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = tonumber(soonest[2]) - now
  if wait > 50 then wait = 50 end
  if wait < 5 then wait = 5 end
  return {0, wait}
end
local slot = tonumber(redis.call('GET', KEYS[2]) or '0')
if slot < now then slot = now end
redis.call('ZADD', KEYS[1], slot + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[1], slot - now + lease)
redis.call('SET', KEYS[2], tostring(slot + interval), 'PX', slot - now + interval + 1000)
return {1, slot - now}
`;

// KEYS: block key. ARGV: block ms. Extends (never shortens) a block.
const PENALIZE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilT = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilT > cur then redis.call('SET', KEYS[1], tostring(untilT), 'PX', tonumber(ARGV[1])) end
return untilT
`;

type RedisWithScripts = (Redis | Cluster) & {
  nlPoliteAcquire(k1: string, k2: string, k3: string, maxc: number, interval: number, lease: number, id: string): Promise<[number, number]>;
  nlPolitePenalize(k1: string, ms: number): Promise<number>;
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Politeness shared by every process through Redis: each acquire is one atomic Lua script (server
 * clock), so K concurrent requests and R starts per second per host hold across workers. Keys live
 * under `${prefix}:polite:{host}:*` (hash-tagged per host) and expire when idle.
 */
export class RedisHostLimiter implements HostLimiter {
  private readonly redis: RedisWithScripts;
  private readonly maxConcurrent: number;
  private readonly intervalMs: number;
  private readonly leaseMs: number;
  private readonly maxBlockMs: number;
  private readonly defaultBlockMs: number;
  private trips = 0;

  private readonly prefix: string;

  constructor(redis: Redis | Cluster, prefix: string, opts: PolitenessOptions = {}) {
    // A hash-tagged queue prefix (`{newsline}`, for a Redis Cluster) loses its braces here: the
    // host is these keys' hash tag, so each host's three keys share a slot (the script touches
    // all three) and the hosts spread over the cluster's masters.
    this.prefix = prefix.replace(/^\{([^{}]+)\}$/, '$1');
    if (!/^[A-Za-z0-9_:.-]+$/.test(this.prefix)) throw new TypeError(`bad key prefix: ${JSON.stringify(prefix)}`);
    this.maxConcurrent = Math.max(1, Math.floor(opts.maxConcurrent ?? 2));
    const rps = opts.requestsPerSecond ?? 1;
    if (!(rps > 0)) throw new TypeError(`requestsPerSecond must be > 0, got ${rps}`);
    // 10% margin: timer, event-loop and network jitter can bring two starts closer together on
    // arrival than they were reserved, and the server must still never see more than R in any second.
    this.intervalMs = Math.ceil((1000 / rps) * 1.1);
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.maxBlockMs = opts.maxBlockMs ?? 3_600_000;
    this.defaultBlockMs = opts.defaultBlockMs ?? 30_000;
    const r = redis as RedisWithScripts;
    if (typeof r.nlPoliteAcquire !== 'function') {
      r.defineCommand('nlPoliteAcquire', { numberOfKeys: 3, lua: ACQUIRE });
      r.defineCommand('nlPolitePenalize', { numberOfKeys: 1, lua: PENALIZE });
    }
    this.redis = r;
  }

  get roundTrips(): number {
    return this.trips;
  }

  private keys(host: string): [string, string, string] {
    const h = host.toLowerCase().replace(/[{}\s]/g, '_');
    const base = `${this.prefix}:polite:{${h}}`;
    return [`${base}:c`, `${base}:n`, `${base}:b`];
  }

  async acquire(host: string, signal?: AbortSignal): Promise<Lease> {
    const [c, n, b] = this.keys(host);
    const id = randomBytes(8).toString('hex');
    let released = false;
    // A caller that wakes up late for its reserved slot (a busy event loop) starts closer to the
    // next caller than the interval. The 10% margin on the interval leaves 100 ms per second of
    // slack, so a lateness up to 25 ms (a quarter; the rest absorbs reply latency and network
    // jitter) cannot put R+1 starts in one second; a later caller gives its slot up and reserves again.
    const lateness = 25;
    for (;;) {
      signal?.throwIfAborted();
      this.trips++;
      const [taken, waitRaw] = await this.redis.nlPoliteAcquire(c, n, b, this.maxConcurrent, this.intervalMs, this.leaseMs, id);
      const wait = Number(waitRaw);
      if (Number(taken) === 1) {
        const due = Date.now() + wait;
        try {
          if (wait > 0) await sleep(wait, signal);
        } catch (err) {
          released = true;
          this.trips++;
          await this.redis.zrem(c, id).catch(() => undefined);
          throw err;
        }
        if (Date.now() - due <= lateness) break;
        this.trips++;
        await this.redis.zrem(c, id);
        continue;
      }
      // Jitter spreads out waiters that woke together.
      await sleep(wait + Math.floor(Math.random() * 10), signal);
    }
    return {
      host,
      release: async () => {
        if (released) return;
        released = true;
        this.trips++;
        await this.redis.zrem(c, id);
      },
    };
  }

  async penalize(host: string, ms: number | undefined): Promise<void> {
    const [, , b] = this.keys(host);
    const block = Math.min(this.maxBlockMs, Math.max(1000, ms ?? this.defaultBlockMs));
    this.trips++;
    await this.redis.nlPolitePenalize(b, block);
  }
}

/** The same rules in one process's memory (CLI runs, tests without Redis). */
export class MemoryHostLimiter implements HostLimiter {
  private readonly state = new Map<string, { active: number; next: number; block: number }>();
  private readonly maxConcurrent: number;
  private readonly intervalMs: number;
  private readonly maxBlockMs: number;
  private readonly defaultBlockMs: number;
  readonly roundTrips = 0;

  constructor(opts: PolitenessOptions = {}) {
    this.maxConcurrent = Math.max(1, Math.floor(opts.maxConcurrent ?? 2));
    this.intervalMs = Math.ceil(1000 / (opts.requestsPerSecond ?? 1));
    this.maxBlockMs = opts.maxBlockMs ?? 3_600_000;
    this.defaultBlockMs = opts.defaultBlockMs ?? 30_000;
  }

  private get(host: string): { active: number; next: number; block: number } {
    const h = host.toLowerCase();
    let s = this.state.get(h);
    if (!s) this.state.set(h, (s = { active: 0, next: 0, block: 0 }));
    return s;
  }

  async acquire(host: string, signal?: AbortSignal): Promise<Lease> {
    const s = this.get(host);
    for (;;) {
      signal?.throwIfAborted();
      const now = Date.now();
      const wait = s.block > now ? s.block - now : s.active >= this.maxConcurrent ? 10 : s.next > now ? s.next - now : 0;
      if (wait <= 0) break;
      await sleep(wait, signal);
    }
    s.active++;
    s.next = Date.now() + this.intervalMs;
    let released = false;
    return {
      host,
      release: () => {
        if (!released) {
          released = true;
          s.active--;
        }
        return Promise.resolve();
      },
    };
  }

  penalize(host: string, ms: number | undefined): Promise<void> {
    const s = this.get(host);
    s.block = Math.max(s.block, Date.now() + Math.min(this.maxBlockMs, Math.max(1000, ms ?? this.defaultBlockMs)));
    return Promise.resolve();
  }
}
