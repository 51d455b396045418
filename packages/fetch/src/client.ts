import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Agent, buildConnector, request } from 'undici';
import { parseRetryAfter } from '@newsline/formats';
import { FetchError } from './errors.js';
import type { HostLimiter } from './politeness.js';
import { RobotsCache, type RobotsCacheOptions } from './robots.js';
import { SsrfPolicy, SsrfRefusal } from './ssrf.js';

export const NEWSLINE_VERSION = '0.1';

export interface HttpClientOptions {
  /** A page about the crawler, put in the User-Agent (config CONTACT_URL). */
  contactUrl: string;
  /** Replaces the whole User-Agent (default `Newsline/0.1 (+contactUrl)`). */
  userAgent?: string;
  /** TCP+TLS connect timeout. Default 10 s. */
  connectTimeoutMs?: number;
  /** Whole request (redirects and body included). Default 30 s. */
  totalTimeoutMs?: number;
  /** Largest body accepted, counted after decompression (and before). Default 5 MB. */
  maxBodyBytes?: number;
  /** Redirects followed at most. Default 5. */
  maxRedirects?: number;
  /** Private destinations allowed (tests, local fixtures): "host" (ports 80, 443), "host:PORT", "host:*", CIDR ranges; see SsrfPolicy. */
  allowHosts?: readonly string[];
  /** Per-host concurrency/rate gate shared by workers (RedisHostLimiter), or none. */
  limiter?: HostLimiter;
  /** robots.txt cache options; `false` turns robots.txt off (it applies to kind 'page' only). */
  robots?: RobotsCacheOptions | false;
  /** Called just before each HTTP request is sent (every hop, robots.txt included): metrics, benchmarks. */
  onRequest?: (url: URL) => void;
}

export interface FetchOptions {
  /** 'page' requests honour robots.txt; 'feed' requests do not (the publisher offers the feed). */
  kind?: 'feed' | 'page';
  /** Stored validators, sent as If-None-Match / If-Modified-Since. */
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
  maxBodyBytes?: number;
  totalTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** The URL asked for. */
  url: string;
  /** The URL of the response after redirects. */
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  /** Decompressed body (empty for 304). */
  body: Buffer;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** True for 304 Not Modified: the stored copy is current. */
  notModified: boolean;
  /** Redirect hops taken. */
  redirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  robots: 'text/plain, */*;q=0.5',
} as const;

function headerRecord(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function causeChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    out.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return out;
}

class TooLarge extends Error {}

/**
 * The one HTTP client for feeds, pages and robots.txt. Follows redirects by hand (each hop checked
 * by the SSRF guard, robots.txt for pages, and the per-host limiter), checks the address actually
 * connected to (DNS rebinding), decompresses gzip/deflate/br under a size limit, sends conditional
 * GETs, and classifies every failure as a FetchError (permanent or retryable).
 */
export class HttpClient {
  readonly userAgent: string;
  private readonly agent: Agent;
  private readonly policy: SsrfPolicy;
  private readonly robots: RobotsCache | undefined;
  private readonly totalTimeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly maxRedirects: number;
  private readonly limiter: HostLimiter | undefined;
  private readonly onRequest: ((url: URL) => void) | undefined;
  /** HTTP requests sent (all hops, robots.txt included). */
  requests = 0;

  constructor(opts: HttpClientOptions) {
    if (!/^https?:\/\//.test(opts.contactUrl)) throw new TypeError(`contactUrl must be an http(s) URL, got ${JSON.stringify(opts.contactUrl)}`);
    this.userAgent = opts.userAgent ?? `Newsline/${NEWSLINE_VERSION} (+${opts.contactUrl})`;
    this.policy = new SsrfPolicy(opts.allowHosts ?? []);
    this.totalTimeoutMs = opts.totalTimeoutMs ?? 30_000;
    this.maxBodyBytes = opts.maxBodyBytes ?? 5 * 1024 * 1024;
    this.maxRedirects = opts.maxRedirects ?? 5;
    this.limiter = opts.limiter;
    this.onRequest = opts.onRequest;
    // One connector per destination port, each resolving through the SSRF guard for that port
    // (an allowed host is allowed on named ports only). IP literals skip DNS: checkUrl checks them.
    const connectTimeout = opts.connectTimeoutMs ?? 10_000;
    const connectors = new Map<string, buildConnector.connector>();
    this.agent = new Agent({
      connect: (options, callback) => {
        const port = options.port || (options.protocol === 'https:' ? '443' : '80');
        let connector = connectors.get(port);
        if (!connector) {
          connector = buildConnector({ timeout: connectTimeout, lookup: this.policy.lookupFor(Number(port)) });
          connectors.set(port, connector);
        }
        connector(options, callback);
      },
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
      keepAliveTimeout: 4_000,
      connections: 64,
    });
    this.robots =
      opts.robots === false
        ? undefined
        : new RobotsCache('Newsline', (u) => this.loadRobots(u), opts.robots ?? {});
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** GET a URL. Resolves for 2xx and 304; throws FetchError otherwise. */
  async fetch(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
    const timeout = opts.totalTimeoutMs ?? this.totalTimeoutMs;
    const timer = AbortSignal.timeout(timeout);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timer]) : timer;
    try {
      return await this.follow(url, opts, signal);
    } catch (err) {
      throw this.classify(err, url, timer.aborted ? timeout : undefined);
    }
  }

  private async loadRobots(robotsUrl: string): Promise<{ status: number; body: string } | 'unavailable'> {
    try {
      const res = await this.follow(robotsUrl, { kind: 'feed', maxBodyBytes: 512 * 1024 }, AbortSignal.timeout(this.totalTimeoutMs), true);
      return { status: res.status, body: res.body.toString('utf8') };
    } catch (err) {
      if (err instanceof FetchError && err.code === 'http_status') return { status: err.status ?? 500, body: '' };
      // A robots.txt that can never be read (too many redirects, too large, refused) counts as
      // absent, as Google treats it; timeouts and connection errors make the host unavailable.
      if (err instanceof FetchError && err.kind === 'permanent') return { status: 404, body: '' };
      return 'unavailable';
    }
  }

  private checkUrl(raw: string, original: string): URL {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new FetchError(raw, 'bad_url', 'permanent', 'not a valid URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new FetchError(u.href, 'bad_url', 'permanent', `refused scheme ${u.protocol}`);
    }
    if (u.username || u.password) throw new FetchError(u.href, 'bad_url', 'permanent', 'refused: credentials in URL');
    const refusal = this.policy.literalRefusal(u);
    if (refusal) throw new FetchError(u.href, 'ssrf', 'permanent', `${refusal}${u.href !== original ? ` (redirected from ${original})` : ''}`);
    return u;
  }

  private async follow(url: string, opts: FetchOptions, signal: AbortSignal, isRobots = false): Promise<FetchResult> {
    const limit = opts.maxBodyBytes ?? this.maxBodyBytes;
    const kind = isRobots ? 'robots' : (opts.kind ?? 'feed');
    const seen = new Set<string>();
    let current = this.checkUrl(url, url);
    for (let hop = 0; ; hop++) {
      if (seen.has(current.href)) throw new FetchError(url, 'redirect_loop', 'permanent', `redirect loop at ${current.href}`);
      seen.add(current.href);

      if (kind === 'page' && this.robots) {
        const rules = await this.robots.rulesFor(current);
        if (rules === 'unavailable') throw new FetchError(current.href, 'robots', 'retryable', 'robots.txt unavailable (5xx or unreachable)');
        if (!rules.isAllowed(current.href)) throw new FetchError(current.href, 'robots', 'permanent', 'disallowed by robots.txt');
      }

      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        accept: ACCEPT[kind],
        'accept-encoding': 'gzip, deflate, br',
      };
      // Sent on every hop: after a redirect the validators still identify the copy we hold.
      if (opts.etag) headers['if-none-match'] = opts.etag;
      if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;

      const lease = this.limiter ? await this.limiter.acquire(current.host, signal) : undefined;
      try {
        this.requests++;
        this.onRequest?.(current);
        const res = await request(current, {
          method: 'GET',
          headers,
          dispatcher: this.agent,
          signal,
          maxRedirections: 0,
        });
        const h = headerRecord(res.headers as Record<string, string | string[] | undefined>);
        const status = res.statusCode;

        if (REDIRECTS.has(status)) {
          await res.body.dump().catch(() => undefined);
          const location = h.location;
          if (!location) throw new FetchError(current.href, 'http_status', 'permanent', `HTTP ${status} without Location`, { status });
          if (hop >= this.maxRedirects) {
            throw new FetchError(url, 'too_many_redirects', 'permanent', `more than ${this.maxRedirects} redirects`);
          }
          let next: string;
          try {
            next = new URL(location, current).href;
          } catch {
            throw new FetchError(current.href, 'bad_url', 'permanent', `bad Location ${JSON.stringify(location)}`);
          }
          current = this.checkUrl(next, url);
          continue;
        }

        if (status === 304) {
          await res.body.dump().catch(() => undefined);
          return this.result(url, current.href, status, h, Buffer.alloc(0), hop);
        }

        if (status < 200 || status >= 300) {
          await res.body.dump().catch(() => undefined);
          const retryAfterMs = parseRetryAfter(h['retry-after']);
          if (status === 429 || status === 503) await this.limiter?.penalize(current.host, retryAfterMs);
          const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
          const extra: { status: number; retryAfterMs?: number } = { status };
          if (retryAfterMs !== undefined) extra.retryAfterMs = retryAfterMs;
          throw new FetchError(current.href, 'http_status', retryable ? 'retryable' : 'permanent', `HTTP ${status}`, extra);
        }

        const declared = Number(h['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > limit && !h['content-encoding']) {
          discard(res.body);
          throw new FetchError(current.href, 'too_large', 'permanent', `body of ${declared} bytes exceeds the ${limit}-byte limit`);
        }
        const body = await readBody(res.body, h['content-encoding'], limit, current.href);
        return this.result(url, current.href, status, h, body, hop);
      } finally {
        await lease?.release().catch(() => undefined);
      }
    }
  }

  private result(url: string, finalUrl: string, status: number, h: Record<string, string>, body: Buffer, redirects: number): FetchResult {
    return {
      url,
      finalUrl,
      status,
      headers: h,
      body,
      contentType: h['content-type'] ?? null,
      etag: h.etag ?? null,
      lastModified: h['last-modified'] ?? null,
      notModified: status === 304,
      redirects,
    };
  }

  private classify(err: unknown, url: string, timedOutAfter: number | undefined): FetchError {
    if (err instanceof FetchError) return err;
    const chain = causeChain(err);
    const ssrf = chain.find((e): e is SsrfRefusal => e instanceof SsrfRefusal);
    if (ssrf) return new FetchError(url, 'ssrf', 'permanent', ssrf.message, { cause: err });
    if (timedOutAfter !== undefined) return new FetchError(url, 'timeout', 'retryable', `timed out after ${timedOutAfter} ms`, { cause: err });
    const codes = chain.map((e) => (e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : ''));
    if (codes.some((c) => /TIMEOUT/i.test(c))) return new FetchError(url, 'timeout', 'retryable', `timed out (${codes.find((c) => /TIMEOUT/i.test(c))})`, { cause: err });
    const msg = err instanceof Error ? err.message : String(err);
    if (err instanceof Error && err.name === 'AbortError') return new FetchError(url, 'timeout', 'retryable', 'aborted', { cause: err });
    const code = codes.find((c) => c) ?? '';
    return new FetchError(url, 'connection', 'retryable', `connection failed${code ? ` (${code})` : ''}: ${msg}`, { cause: err });
  }
}

/** Drops a body without reading it; the abort error it emits is expected. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function decompressor(encoding: string | undefined, url: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | 'deflate' | undefined {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === '' || e === 'identity' || e === 'none') return undefined;
  if (e === 'gzip' || e === 'x-gzip') return zlib.createGunzip();
  if (e === 'br') return zlib.createBrotliDecompress();
  if (e === 'deflate') return 'deflate';
  throw new FetchError(url, 'decode', 'permanent', `unsupported Content-Encoding ${JSON.stringify(encoding)}`);
}

/** Reads a body, decompressing it, and stops as soon as either the raw or the decoded size passes `limit`. */
async function readBody(body: Readable, encoding: string | undefined, limit: number, url: string): Promise<Buffer> {
  let dec = decompressor(encoding, url);
  const chunks: Buffer[] = [];
  let raw = 0;
  let size = 0;
  const countRaw = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of source) {
      raw += c.length;
      if (raw > limit) throw new TooLarge();
      yield c;
    }
  };
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const c of source) {
      size += c.length;
      if (size > limit) throw new TooLarge();
      chunks.push(c);
    }
  };
  try {
    if (dec === 'deflate') {
      // "deflate" is zlib-wrapped per the RFC but raw in some servers: look at the first byte.
      const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await it.next();
      const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
      dec = ((head[0] ?? 0) & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
      const rest = Readable.from((async function* () {
        if (head.length) yield head;
        for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
      })());
      await pipeline(rest, countRaw, dec, sink);
    } else if (dec) {
      await pipeline(body, countRaw, dec, sink);
    } else {
      await pipeline(body, countRaw, sink);
    }
  } catch (err) {
    discard(body);
    if (err instanceof TooLarge) {
      throw new FetchError(url, 'too_large', 'permanent', `body exceeds the ${limit}-byte limit${encoding ? ` (after ${encoding} decoding)` : ''}`);
    }
    if (err && typeof err === 'object' && 'code' in err && /^Z_/.test(String((err as { code: unknown }).code))) {
      throw new FetchError(url, 'decode', 'permanent', `corrupt ${encoding ?? ''} body: ${err instanceof Error ? err.message : String(err)}`);
    }
    throw err;
  }
  return Buffer.concat(chunks);
}
