import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, HttpClient, type HttpClientOptions } from '../../packages/fetch/src/index.js';
import { parseFeed } from '../../packages/feeds/src/index.js';
import { startFixtureSite, type FixtureSite } from '../fixture-site/site.js';

let site: FixtureSite;
const clients: HttpClient[] = [];

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  const c = new HttpClient({ contactUrl: 'https://example.org/newsline-bot', allowHosts: ['127.0.0.1:*'], ...extra });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw new Error(`expected a FetchError, got ${String(err)}`);
  }
  throw new Error('expected the fetch to fail');
}

beforeAll(async () => {
  site = await startFixtureSite({ port: 0 });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await site.close();
});

describe('HttpClient against the fixture site', () => {
  it('fetches a feed with a real User-Agent and returns validators', async () => {
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(req.headers['user-agent'] ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      await client().fetch(`http://127.0.0.1:${port}/`);
      expect(seen[0]).toBe('Newsline/0.1 (+https://example.org/newsline-bot)');
    } finally {
      server.close();
    }
    const res = await client().fetch(`${site.url}/feed.rss`);
    expect(res.status).toBe(200);
    expect(res.notModified).toBe(false);
    expect(res.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(res.lastModified).toBeTruthy();
    expect(res.contentType).toContain('application/rss+xml');
    const feed = await parseFeed(res.body, { url: res.finalUrl, contentType: res.contentType ?? undefined });
    expect(feed.entries).toHaveLength(5);
  });

  it('conditional GET: a matching ETag or Last-Modified gives a 304 result, not an error', async () => {
    const c = client();
    const first = await c.fetch(`${site.url}/feed.rss`);
    const again = await c.fetch(`${site.url}/feed.rss`, { etag: first.etag });
    expect(again.status).toBe(304);
    expect(again.notModified).toBe(true);
    expect(again.body.length).toBe(0);
    const byDate = await c.fetch(`${site.url}/feed.rss`, { lastModified: first.lastModified });
    expect(byDate.notModified).toBe(true);
    const stale = await c.fetch(`${site.url}/feed.rss`, { etag: '"stale"' });
    expect(stale.status).toBe(200);
  });

  it('decodes gzip, brotli, zlib deflate and raw deflate', async () => {
    const c = client();
    for (const path of ['/gzip', '/br', '/deflate', '/deflate-raw']) {
      const res = await c.fetch(`${site.url}${path}`);
      expect(res.body.toString('utf8'), path).toContain('<rss version="2.0">');
    }
  });

  it('times out (retryable) on a slow response and a stalled body', async () => {
    const c = client({ totalTimeoutMs: 300 });
    const e1 = await failure(c.fetch(`${site.url}/slow?ms=3000`));
    expect(e1.code).toBe('timeout');
    expect(e1.kind).toBe('retryable');
    expect(e1.message).toContain('/slow?ms=3000');
    const e2 = await failure(c.fetch(`${site.url}/slow-body?ms=3000`));
    expect(e2.code).toBe('timeout');
  });

  it('times out (retryable) when the connection is accepted but the TLS handshake never completes', async () => {
    const silent = createNetServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as AddressInfo).port;
      const e = await failure(client({ connectTimeoutMs: 300, totalTimeoutMs: 60_000 }).fetch(`https://127.0.0.1:${port}/`));
      expect(e.code).toBe('timeout');
      expect(e.kind).toBe('retryable');
      // the connect timeout ended it, not the whole-request one
      expect(e.message).toMatch(/^timed out \(UND_ERR_CONNECT_TIMEOUT\)/);
    } finally {
      silent.close();
    }
  });

  it('refuses a 10 MB page over the size limit (declared and chunked)', async () => {
    const c = client({ maxBodyBytes: 1024 * 1024 });
    const e = await failure(c.fetch(`${site.url}/big`));
    expect(e.code).toBe('too_large');
    expect(e.kind).toBe('permanent');
    const e2 = await failure(c.fetch(`${site.url}/big-chunked`));
    expect(e2.code).toBe('too_large');
  });

  it('cuts a gzip bomb off at the decompressed limit', async () => {
    const c = client({ maxBodyBytes: 2 * 1024 * 1024 });
    const before = process.memoryUsage().rss;
    const e = await failure(c.fetch(`${site.url}/gzip-bomb`));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('after gzip decoding');
    // 100 MB were never materialised.
    expect(process.memoryUsage().rss - before).toBeLessThan(60 * 1024 * 1024);
  });

  it('follows redirects up to the limit, and refuses longer chains and loops', async () => {
    const c = client({ maxRedirects: 3 });
    const ok = await c.fetch(`${site.url}/redirect/3`);
    expect(ok.finalUrl).toBe(`${site.url}/feed.rss`);
    expect(ok.redirects).toBe(3);
    const tooMany = await failure(c.fetch(`${site.url}/redirect/4`));
    expect(tooMany.code).toBe('too_many_redirects');
    expect(tooMany.kind).toBe('permanent');
    const loop = await failure(client({ maxRedirects: 10 }).fetch(`${site.url}/redirect-loop/a`));
    expect(loop.code).toBe('redirect_loop');
  });

  it('classifies statuses: 404/410 permanent, 5xx and 429 retryable with Retry-After', async () => {
    const c = client();
    for (const s of [404, 410, 403]) {
      const e = await failure(c.fetch(`${site.url}/status/${s}`));
      expect(e.kind, String(s)).toBe('permanent');
      expect(e.status).toBe(s);
      expect(e.message).toContain(`/status/${s}`);
    }
    const e500 = await failure(c.fetch(`${site.url}/status/500`));
    expect(e500.kind).toBe('retryable');
    const e429 = await failure(c.fetch(`${site.url}/rate-limited`));
    expect(e429.kind).toBe('retryable');
    expect(e429.retryAfterMs).toBe(2000);
    const e503 = await failure(c.fetch(`${site.url}/busy`));
    expect(e503.retryAfterMs).toBe(1000);
  });

  it('connection refused is retryable', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const e = await failure(client().fetch(`http://127.0.0.1:${port}/`));
    expect(e.code).toBe('connection');
    expect(e.kind).toBe('retryable');
  });
});

describe('SSRF guard', () => {
  it('refuses loopback, private, link-local and metadata addresses unless allow-listed', async () => {
    const strict = client({ allowHosts: [] });
    for (const u of [
      `${site.url}/feed.rss`,
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'http://localhost/',
    ]) {
      const e = await failure(strict.fetch(u));
      expect(e.code, u).toBe('ssrf');
      expect(e.kind).toBe('permanent');
    }
    const ok = await client({ allowHosts: [`127.0.0.1:${new URL(site.url).port}`] }).fetch(`${site.url}/feed.rss`);
    expect(ok.status).toBe(200);
  });

  it('opens an allowed host on its web ports or the named port only: a redirect to another port of it is refused', async () => {
    // a second real server on the same host, standing in for Redis or Postgres beside the fixture
    const hits: string[] = [];
    const other = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('+PONG');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    try {
      const otherPort = (other.address() as AddressInfo).port;
      const sitePort = new URL(site.url).port;
      const target = `http://127.0.0.1:${otherPort}/`;
      const byPort = client({ allowHosts: [`127.0.0.1:${sitePort}`] });
      expect((await byPort.fetch(`${site.url}/feed.rss`)).status).toBe(200);
      const e = await failure(byPort.fetch(`${site.url}/redirect-to?url=${encodeURIComponent(target)}`));
      expect(e.code).toBe('ssrf');
      expect(e.kind).toBe('permanent');
      expect(e.message).toBe(`refused: port ${otherPort} of 127.0.0.1 is not allowed (FETCH_ALLOW_HOSTS opens port ${sitePort} there) (redirected from ${site.url}/redirect-to?url=${encodeURIComponent(target)}): ${target}`);
      // a bare host is its web ports only
      const bare = await failure(client({ allowHosts: ['127.0.0.1'] }).fetch(`${site.url}/feed.rss`));
      expect(bare.message).toMatch(/port \d+ of 127\.0\.0\.1 is not allowed \(FETCH_ALLOW_HOSTS opens ports 80, 443 there\)/);
      // a name resolving into an allowed range is checked at connect time, with its port
      const name = hostname();
      const e2 = await failure(client({ allowHosts: ['127.0.0.0/8'] }).fetch(`http://${name}:${otherPort}/`));
      expect(e2.code).toBe('ssrf');
      expect(e2.message).toContain(`not allowed on port ${otherPort}`);
      expect(hits).toEqual([]);
      expect((await client({ allowHosts: [`127.0.0.0/8:${otherPort}`] }).fetch(`http://${name}:${otherPort}/`)).status).toBe(200);
      expect(hits).toEqual(['/']);
    } finally {
      other.close();
    }
  });

  it('refuses non-http schemes', async () => {
    for (const u of ['file:///etc/passwd', 'ftp://example.com/', 'gopher://x/', 'data:text/plain,hi']) {
      const e = await failure(client().fetch(u));
      expect(e.code, u).toBe('bad_url');
      expect(e.kind).toBe('permanent');
    }
  });

  it('checks every redirect: an allowed host redirecting to a private one is refused', async () => {
    const c = client({ allowHosts: ['127.0.0.1:*'] });
    const e = await failure(c.fetch(`${site.url}/redirect-to?url=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`));
    expect(e.code).toBe('ssrf');
    expect(e.message).toContain('redirected from');
    const e2 = await failure(c.fetch(`${site.url}/redirect-to?url=${encodeURIComponent('file:///etc/passwd')}`));
    expect(e2.code).toBe('bad_url');
  });

  it('checks the address at connect time (DNS rebinding): a name resolving to loopback is refused', async () => {
    // The machine's host name resolves (through /etc/hosts) to a loopback address: the literal
    // check cannot see that, only the connect-time lookup can.
    const name = hostname();
    const { address } = await lookup(name);
    expect(address.startsWith('127.') || address === '::1').toBe(true);
    const port = new URL(site.url).port;
    const e = await failure(client({ allowHosts: ['127.0.0.1:*'] }).fetch(`http://${name}:${port}/feed.rss`));
    expect(e.code).toBe('ssrf');
    expect(e.kind).toBe('permanent');
    expect(e.message).toContain(name);
    const allowed = await client({ allowHosts: [`${name}:${port}`] }).fetch(`http://${name}:${port}/feed.rss`);
    expect(allowed.status).toBe(200);
    const e2 = await failure(client({ allowHosts: [] }).fetch(`http://localhost:${port}/feed.rss`));
    expect(e2.code).toBe('ssrf');
  });
});

describe('robots.txt', () => {
  it('refuses disallowed pages (permanent) and allows others; feeds are not subject to it', async () => {
    const c = client();
    const e = await failure(c.fetch(`${site.url}/private/secret`, { kind: 'page' }));
    expect(e.code).toBe('robots');
    expect(e.kind).toBe('permanent');
    expect(e.message).toContain('/private/secret');
    const page = await c.fetch(`${site.url}/articles/000-bc41fdb8e6de759e`, { kind: 'page' });
    expect(page.body.toString()).toContain('<h1>');
    const asFeed = await c.fetch(`${site.url}/private/secret`, { kind: 'feed' });
    expect(asFeed.status).toBe(200);
  });

  it('fetches robots.txt once per host', async () => {
    const c = client();
    site.resetStats();
    for (let i = 0; i < 5; i++) await c.fetch(`${site.url}/articles/001-e360ee0d24fd98ac`, { kind: 'page' });
    expect(site.stats().byPath['/robots.txt']).toBe(1);
  });

  it('follows robots.txt on redirect targets', async () => {
    const c = client();
    const e = await failure(c.fetch(`${site.url}/redirect-to?url=/private/x`, { kind: 'page' }));
    expect(e.code).toBe('robots');
  });
});
