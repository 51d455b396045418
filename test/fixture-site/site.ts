// A local news site for tests and benchmarks: feeds and article pages built from the seed corpus,
// plus the misbehaviours a crawler must survive. Start with startFixtureSite(); see ROUTES below.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const ROUTES = `
/                         home page with <link rel=alternate> to the feeds (autodiscovery)
/feed.rss /feed.atom /feed.json   the seed articles (ETag + Last-Modified, 304 on match)
/articles/<slug>          article page: <h1>, byline, <time>, JSON-LD NewsArticle
/robots.txt               disallows /private/
/private/<x>              a page robots.txt forbids
/slow?ms=N                answers after N ms;  /slow-body?ms=N  sends headers, then stalls the body
/redirect/<n>             n redirects, then /feed.rss;  /redirect-loop/a <-> /redirect-loop/b
/redirect-to?url=U        302 to any URL (SSRF tests)
/big                      a 10 MB page;  /gzip-bomb  100 MB of zeros, gzip-compressed (~100 KB)
/br /deflate /deflate-raw the RSS feed brotli / zlib / raw-deflate encoded
/rate-limited             429 with Retry-After: 2;  /busy  503 with Retry-After: 1
/status/<code>            that status
/cp1252-says-utf8.rss     windows-1252 bytes with an XML prolog declaring utf-8
/utf8-says-cp1252.rss     UTF-8 bytes with a prolog declaring windows-1252
/flaky.rss                a feed that breaks (HTTP 500, then an HTML page) while broken, recovers when fixed
/hold?ms=N                counts concurrent requests (stats().maxInFlight) while holding N ms
/feeds/<n>.rss            synthetic feed n (bench): a new entry every 3rd request, 304 when unchanged
/feeds/<n>/story-<id>     a synthetic feed's story: a seed article with its own headline and dateline (soak)
/_stats                   request counts and start times per Host header (JSON)
`;

export interface FixtureSite {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Base URLs of every listening address (one per `hosts` entry). */
  urls: string[];
  close(): Promise<void>;
  /** Makes /flaky.rss fail (true) or recover (false). */
  setBroken(broken: boolean): void;
  stats(): { requests: number; inFlight: number; maxInFlight: number; byPath: Record<string, number> };
  resetStats(): void;
  /** Request start times (ms) per Host header, for rate measurements. */
  startsByHost(): Map<string, number[]>;
}

export interface FixtureSiteOptions {
  port?: number;
  /** Addresses to listen on (default ['127.0.0.1']); all share one port. 127.0.0.0/8 all work on Linux. */
  hosts?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const SEEDS = resolve(here, '../../seeds');

interface Article {
  slug: string;
  title: string;
  publisher: string;
  publishedAt: string;
  language: string;
  paragraphs: string[];
  byline: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function loadArticles(): Article[] {
  const manifest = JSON.parse(readFileSync(join(SEEDS, 'manifest.json'), 'utf8')) as {
    articles: { file: string; publisher: string; publishedAt: string; language: string }[];
  };
  return manifest.articles.map((a) => {
    const text = readFileSync(join(SEEDS, a.file), 'utf8');
    const paragraphs = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
    const firstSentence = (paragraphs[0] ?? a.file).split(/(?<=[.!?])\s/)[0] ?? a.file;
    const words = firstSentence.replace(/[.!?]$/, '').split(/\s+/);
    const title = words.length > 14 ? `${words.slice(0, 14).join(' ')}…` : words.join(' ');
    const slug = a.file.replace(/\.txt$/, '').replace(/_/g, '-');
    const byline = `Staff correspondent, ${a.publisher.replace(/\s*\(.*\)$/, '')}`;
    return { slug, title, publisher: a.publisher, publishedAt: `${a.publishedAt}T09:30:00Z`, language: a.language, paragraphs, byline };
  });
}

function articleHtml(a: Article, base: string): string {
  const url = `${base}/articles/${a.slug}`;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    datePublished: a.publishedAt,
    author: [{ '@type': 'Person', name: a.byline }],
    publisher: { '@type': 'Organization', name: a.publisher },
    mainEntityOfPage: url,
    inLanguage: a.language,
  };
  return `<!DOCTYPE html>
<html lang="${a.language}">
<head>
<meta charset="utf-8">
<title>${esc(a.title)} | Fixture News</title>
<meta name="description" content="${esc((a.paragraphs[0] ?? '').slice(0, 150))}">
<meta property="og:title" content="${esc(a.title)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="${a.publishedAt}">
<link rel="canonical" href="${url}">
<link rel="alternate" type="application/rss+xml" title="Fixture News" href="/feed.rss">
<script type="application/ld+json">${JSON.stringify(ld)}</script>
<style>body{font-family:serif;max-width:40em;margin:auto}</style>
</head>
<body>
<header><nav><a href="/">Fixture News</a> · <a href="/world">World</a> · <a href="/politics">Politics</a></nav></header>
<main>
<article>
<h1>${esc(a.title)}</h1>
<p class="byline">By <span class="author">${esc(a.byline)}</span></p>
<time datetime="${a.publishedAt}">${new Date(a.publishedAt).toUTCString()}</time>
${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article>
<aside><h2>Related</h2><ul><li><a href="/">More news</a></li></ul></aside>
</main>
<footer><p>© Fixture News. <a href="/privacy">Privacy</a></p></footer>
</body>
</html>`;
}

function rssXml(articles: Article[], base: string, opts: { encoding?: string; extraTitle?: string } = {}): string {
  const items = articles
    .map(
      (a) => `  <item>
    <title>${esc(a.title)}</title>
    <link>${base}/articles/${a.slug}?utm_source=rss&amp;utm_medium=feed</link>
    <guid isPermaLink="true">${base}/articles/${a.slug}</guid>
    <pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate>
    <description>${esc(a.paragraphs[0] ?? '')}</description>
  </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="${opts.encoding ?? 'utf-8'}"?>
<rss version="2.0">
<channel>
  <title>Fixture News${opts.extraTitle ?? ''}</title>
  <link>${base}/</link>
  <description>Seed articles</description>
  <ttl>30</ttl>
${items}
</channel>
</rss>`;
}

function atomXml(articles: Article[], base: string): string {
  const entries = articles
    .map(
      (a) => `  <entry>
    <id>tag:fixture.news,2024:${a.slug}</id>
    <title type="html">${esc(esc(a.title))}</title>
    <link rel="alternate" type="text/html" href="articles/${a.slug}"/>
    <published>${a.publishedAt}</published>
    <updated>${a.publishedAt}</updated>
    <summary>${esc(a.paragraphs[0] ?? '')}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/">
  <title>Fixture News (Atom)</title>
  <link rel="alternate" href="${base}/"/>
  <link rel="self" href="${base}/feed.atom"/>
  <id>${base}/</id>
  <updated>${articles[0]?.publishedAt ?? '2024-01-01T00:00:00Z'}</updated>
${entries}
</feed>`;
}

function jsonFeed(articles: Article[], base: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Fixture News (JSON)',
    home_page_url: `${base}/`,
    feed_url: `${base}/feed.json`,
    items: articles.map((a) => ({
      id: `${base}/articles/${a.slug}?utm_source=jsonfeed&fbclid=abc`,
      url: `${base}/articles/${a.slug}`,
      title: a.title,
      content_text: a.paragraphs.join('\n\n'),
      date_published: a.publishedAt,
    })),
  });
}

function homeHtml(articles: Article[]): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Fixture News</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Fixture News RSS" href="/feed.rss">
<link rel="alternate" type="application/atom+xml" title="Fixture News Atom" href="feed.atom">
<link rel="alternate" type="application/feed+json" title="Fixture News JSON" href="/feed.json">
<link rel="alternate" hreflang="fr" href="/fr/">
</head><body><h1>Fixture News</h1><ul>
${articles.map((a) => `<li><a href="/articles/${a.slug}">${esc(a.title)}</a></li>`).join('\n')}
</ul></body></html>`;
}

let bombCache: Buffer | undefined;
function gzipBomb(): Buffer {
  if (!bombCache) {
    // Concatenated gzip members decode to the concatenation: 100 x 1 MB of zeros, ~100 KB on the wire.
    const member = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    bombCache = Buffer.concat(Array.from({ length: 100 }, () => member));
  }
  return bombCache;
}

function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
}

const LAST_MODIFIED = new Date(Date.UTC(2024, 1, 8, 12, 0, 0)).toUTCString();

export async function startFixtureSite(opts: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const articles = loadArticles();
  let broken = false;
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let byPath: Record<string, number> = {};
  const starts = new Map<string, number[]>();
  const synthetic = new Map<number, number>();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    requests++;
    const hostHeader = req.headers.host ?? '';
    const base = `http://${hostHeader}`;
    const u = new URL(req.url ?? '/', base);
    const path = u.pathname;
    byPath[path] = (byPath[path] ?? 0) + 1;
    if (path !== '/_stats') {
      let list = starts.get(hostHeader);
      if (!list) starts.set(hostHeader, (list = []));
      list.push(Date.now());
    }

    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(body);
    };
    // Conditional GET with a strong ETag and Last-Modified.
    const cacheable = (body: string | Buffer, type: string): void => {
      const etag = etagOf(body);
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      if ((inm && inm === etag) || (!inm && ims && ims === LAST_MODIFIED)) {
        res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED });
        res.end();
        return;
      }
      send(200, body, { 'content-type': type, etag, 'last-modified': LAST_MODIFIED, 'cache-control': 'max-age=300' });
    };

    const m = /^\/articles\/([\w-]+)$/.exec(path);
    if (m) {
      const a = articles.find((x) => x.slug === m[1]);
      if (!a) return send(404, 'not found', { 'content-type': 'text/plain' });
      return cacheable(articleHtml(a, base), 'text/html; charset=utf-8');
    }
    // A synthetic feed's story (soak): a seed article with its own headline, dateline and paragraph order.
    const sm2 = /^\/feeds\/(\d+)\/story-(\d+)$/.exec(path);
    if (sm2) {
      const n = Number(sm2[1]);
      const id = Number(sm2[2]);
      const seed = articles[(n + id) % articles.length]!;
      const turn = id % Math.max(1, seed.paragraphs.length);
      const story: Article = {
        ...seed,
        slug: `feeds-${n}-story-${id}`,
        title: `Feed ${n} story ${id}: ${seed.title}`,
        paragraphs: [`Dispatch ${id} from desk ${n}.`, ...seed.paragraphs.slice(turn), ...seed.paragraphs.slice(0, turn)],
      };
      return cacheable(articleHtml(story, base), 'text/html; charset=utf-8');
    }
    const fm = /^\/feeds\/(\d+)\.rss$/.exec(path);
    if (fm) {
      const n = Number(fm[1]);
      const count = (synthetic.get(n) ?? 0) + 1;
      synthetic.set(n, count);
      const version = Math.floor(count / 3);
      const items = Array.from({ length: Math.min(20, version + 1) }, (_, k) => {
        const id = version - k;
        return `<item><title>Feed ${n} story ${id}</title><link>${base}/feeds/${n}/story-${id}</link><guid>feed-${n}-story-${id}</guid><pubDate>${new Date(Date.UTC(2024, 0, 1) + id * 3_600_000).toUTCString()}</pubDate></item>`;
      }).join('');
      const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title><link>${base}/</link>${items}</channel></rss>`;
      return cacheable(xml, 'application/rss+xml');
    }
    const rm = /^\/redirect\/(\d+)$/.exec(path);
    if (rm) {
      const n = Number(rm[1]);
      return send(302, '', { location: n <= 1 ? '/feed.rss' : `/redirect/${n - 1}` });
    }
    const sm = /^\/status\/(\d{3})$/.exec(path);
    if (sm) return send(Number(sm[1]), `status ${sm[1]}`, { 'content-type': 'text/plain' });
    if (path.startsWith('/private/')) return send(200, '<html><body><h1>Private</h1></body></html>', { 'content-type': 'text/html' });

    switch (path) {
      case '/_stats':
        // For a benchmark running the site in another process: request start times per Host.
        return send(200, JSON.stringify({ requests, maxInFlight, startsByHost: Object.fromEntries(starts) }), { 'content-type': 'application/json' });
      case '/':
        return send(200, homeHtml(articles), { 'content-type': 'text/html; charset=utf-8' });
      case '/feed.rss':
        return cacheable(rssXml(articles, base), 'application/rss+xml; charset=utf-8');
      case '/feed.atom':
        return cacheable(atomXml(articles, base), 'application/atom+xml');
      case '/feed.json':
        return cacheable(jsonFeed(articles, base), 'application/feed+json');
      case '/robots.txt':
        return send(200, 'User-agent: *\nDisallow: /private/\n\nUser-agent: BadBot\nDisallow: /\n', { 'content-type': 'text/plain' });
      case '/slow': {
        const ms = Number(u.searchParams.get('ms') ?? 2000);
        const t = setTimeout(() => send(200, rssXml(articles, base), { 'content-type': 'application/rss+xml' }), ms);
        res.on('close', () => clearTimeout(t));
        return;
      }
      case '/slow-body': {
        const ms = Number(u.searchParams.get('ms') ?? 2000);
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body>');
        const t = setTimeout(() => res.end('</body></html>'), ms);
        res.on('close', () => clearTimeout(t));
        return;
      }
      case '/hold': {
        const ms = Number(u.searchParams.get('ms') ?? 200);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const t = setTimeout(() => {
          inFlight--;
          send(200, 'ok', { 'content-type': 'text/plain' });
        }, ms);
        res.on('close', () => {
          if (!res.writableEnded) {
            clearTimeout(t);
            inFlight--;
          }
        });
        return;
      }
      case '/redirect-loop/a':
        return send(302, '', { location: '/redirect-loop/b' });
      case '/redirect-loop/b':
        return send(302, '', { location: '/redirect-loop/a' });
      case '/redirect-to':
        return send(302, '', { location: u.searchParams.get('url') ?? '/' });
      case '/big': {
        const chunk = '<p>' + 'x'.repeat(1020) + '</p>\n';
        const total = 10 * 1024 * 1024;
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(total) });
        let sent = 0;
        const pump = (): void => {
          while (sent < total) {
            const piece = chunk.slice(0, Math.min(chunk.length, total - sent));
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        return pump();
      }
      case '/big-chunked': {
        // No Content-Length: the limit must be enforced while reading.
        res.writeHead(200, { 'content-type': 'text/html' });
        let sent = 0;
        const piece = 'y'.repeat(64 * 1024);
        const pump = (): void => {
          while (sent < 10 * 1024 * 1024) {
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        return pump();
      }
      case '/gzip-bomb':
        return send(200, gzipBomb(), { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      case '/gzip':
        return send(200, zlib.gzipSync(rssXml(articles, base)), { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      case '/br':
        return send(200, zlib.brotliCompressSync(rssXml(articles, base)), { 'content-type': 'application/rss+xml', 'content-encoding': 'br' });
      case '/deflate':
        return send(200, zlib.deflateSync(rssXml(articles, base)), { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
      case '/deflate-raw':
        return send(200, zlib.deflateRawSync(rssXml(articles, base)), { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
      case '/rate-limited':
        return send(429, 'slow down', { 'retry-after': '2', 'content-type': 'text/plain' });
      case '/busy':
        return send(503, 'busy', { 'retry-after': '1', 'content-type': 'text/plain' });
      case '/cp1252-says-utf8.rss': {
        const xml = rssXml(articles.slice(0, 1), base, { encoding: 'utf-8', extraTitle: ' – café “quotes” €' });
        return send(200, encode1252(xml), { 'content-type': 'application/rss+xml' });
      }
      case '/utf8-says-cp1252.rss': {
        const xml = rssXml(articles.slice(0, 1), base, { encoding: 'windows-1252', extraTitle: ' – café “quotes” €' });
        return send(200, Buffer.from(xml, 'utf8'), { 'content-type': 'application/rss+xml' });
      }
      case '/flaky.rss':
        if (broken) {
          // Alternate between a server error and a maintenance page served as the feed (a truncated
          // feed is no longer a failure: the parser keeps the entries before the cut).
          return byPath[path]! % 2 === 0
            ? send(500, 'internal error', { 'content-type': 'text/plain' })
            : send(200, '<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>', { 'content-type': 'application/rss+xml' });
        }
        return cacheable(rssXml(articles, base), 'application/rss+xml');
      default:
        return send(404, 'not found', { 'content-type': 'text/plain' });
    }
  };

  const hosts = opts.hosts?.length ? opts.hosts : ['127.0.0.1'];
  const servers: Server[] = [];
  let port = opts.port ?? 0;
  for (const host of hosts) {
    const server = createServer(handler);
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolveListen());
    });
    port = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  const urls = hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}`);
  return {
    url: urls[0]!,
    urls,
    async close() {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
    setBroken(b) {
      broken = b;
    },
    stats: () => ({ requests, inFlight, maxInFlight, byPath: { ...byPath } }),
    resetStats() {
      requests = 0;
      maxInFlight = inFlight;
      byPath = {};
      starts.clear();
    },
    startsByHost: () => starts,
  };
}

/** windows-1252 encoding of a string (characters outside it become '?'). */
function encode1252(s: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f };
  const out = Buffer.alloc(s.length * 2);
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out[n++] = extra[ch] ?? (c < 256 ? c : 0x3f);
  }
  return out.subarray(0, n);
}
