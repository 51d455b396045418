import Parser from 'rss-parser';
import { decodeHTML } from 'entities';
import { decodeBytes, gunzipLimited, isGzip } from '@newsline/formats';
import { parseFeedDate } from './dates.js';
import { FeedParseError } from './errors.js';
import { rebalance } from './recover.js';
import { collapse, htmlToText, looksLikeHtml } from './text.js';

export interface FeedEntry {
  /** The feed's own identifier for the entry (RSS guid, Atom id, RDF about, JSON Feed id), or null. */
  id: string | null;
  /** Plain text ('' when the entry has none). */
  title: string;
  /** Absolute URL when it could be resolved (against xml:base and the feed URL), else as given; null when none. */
  link: string | null;
  /** ISO-8601 UTC, or null when the entry has no date we can read. */
  publishedAt: string | null;
  /** Summary / description as the feed gave it (HTML). */
  summary?: string;
  /** Full content (content:encoded, Atom content, JSON content_html) as HTML. */
  contentHtml?: string;
}

export interface ParsedFeed {
  title: string;
  link: string | null;
  entries: FeedEntry[];
  format: 'rss' | 'rdf' | 'atom' | 'json';
  /** The character encoding used to decode the bytes. */
  encoding: string;
  /** RSS <ttl> in minutes, when present. */
  ttlMinutes?: number;
}

export interface ParseFeedOptions {
  /** The feed URL: relative links resolve against it, and errors name it (unless `name` is given). */
  url?: string | undefined;
  /** The HTTP Content-Type header (its charset wins over the XML prolog). */
  contentType?: string | undefined;
  /** A name for error messages (a file path, a feed title). */
  name?: string | undefined;
}

const MAX_CHARS = 64 * 1024 * 1024;

type Raw = any;
type Attrs = Record<string, string>;

const RAW_ITEM = [
  'title', 'link', 'guid', 'id', 'pubDate', 'pubdate', 'published', 'updated', 'issued', 'modified', 'created',
  'dc:date', 'dcterms:issued', 'dcterms:modified', 'dcterms:created', 'description', 'summary', 'content',
  'content:encoded', 'xhtml:body', 'body', 'atom:link', 'atom10:link', 'a10:link', 'atom:id', 'dc:identifier', 'dc:title',
  'atom:title', 'media:title', 'dc:description', 'itunes:summary', 'atom:updated', 'atom:published', 'a10:updated', 'fullitem', 'abstract',
];
const RAW_FEED = ['title', 'link', 'ttl', 'atom:link', 'atom10:link', 'dc:title', 'atom:title'];
const rawKey = (k: string): string => `__raw_${k}`;

function makeParser(lenient: boolean): Parser<Record<string, unknown>, Record<string, unknown>> {
  const field = (k: string): [string, string, { keepArray: boolean }] => [k, rawKey(k), { keepArray: true }];
  return new Parser({
    defaultRSS: 2,
    customFields: {
      feed: [...RAW_FEED, '$'].map(field) as never,
      item: [...RAW_ITEM, '$'].map(field) as never,
    },
    xml2js: lenient
      ? {
          strict: false,
          tagNameProcessors: [(n: string) => n.toLowerCase()],
          attrNameProcessors: [(n: string) => n.toLowerCase()],
        }
      : {},
  });
}

// ---------- text clean-up before XML parsing ----------

const XML_PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

// windows-1252 meanings of the C1 control range, which feeds use by mistake ("smart quotes").
const C1 = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Removes characters XML 1.0 forbids and anything before the first tag; maps C1 controls to cp1252. */
function preclean(text: string): string {
  let t = text.replace(/[\u0080-\u009F]/g, (c) => C1[c.charCodeAt(0) - 0x80] ?? c);
  t = t.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  // Lone surrogates make sax and later JSON output unhappy.
  t = t.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const first = t.indexOf('<');
  if (first > 0) t = t.slice(first);
  return t;
}

/**
 * Repairs the common ill-formedness of real feeds, outside CDATA sections and comments:
 * HTML named entities (&nbsp;) become numeric references, bare "&" becomes "&amp;", and the
 * DOCTYPE (whose entity declarations sax cannot use) is dropped.
 */
function repair(text: string): string {
  const parts = text.split(/(<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$))/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let p = part.replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi, '');
      p = p.replace(/&(#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]{0,31};)?/g, (m, ref: string | undefined) => {
        if (!ref) return '&amp;';
        if (ref.startsWith('#')) return m.replace('#X', '#x');
        const name = ref.slice(0, -1);
        if (XML_PREDEFINED.has(name)) return m;
        const decoded = decodeHTML(m);
        if (decoded === m) return `&amp;${ref}`;
        return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
      });
      return p;
    })
    .join('')
    .replace(/<\/([A-Za-z_][\w.:-]*)\s*$/, '</$1>');
}

const FEED_NAMESPACES = new Set([
  'http://backend.userland.com/rss2',
  'http://backend.userland.com/rss',
  'http://purl.org/rss/1.0/',
  'http://my.netscape.com/rdf/simple/0.9/',
  'http://purl.org/net/rss1.1#',
  'http://www.w3.org/2005/atom',
  'http://purl.org/atom/ns#',
]);

/**
 * Feeds whose RSS/Atom elements carry a namespace prefix (<r:rss xmlns:r="...rss2">, <rss:item>)
 * are rewritten with unprefixed names, the form rss-parser reads.
 */
function unprefixFeedNamespace(text: string): string {
  const head = text.slice(0, 8192);
  const prefixes = [...head.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']+)["']/g)]
    .filter((m) => FEED_NAMESPACES.has(m[2]!.toLowerCase()))
    .map((m) => m[1]!)
    .filter((p) => p !== 'atom' || /^\s*(<\?[^>]*>\s*|<!--[\s\S]*?-->\s*)*<atom:feed\b/.test(text.slice(0, 8192)));
  let out = text;
  for (const p of prefixes) {
    if (!new RegExp(`<${p}:(rss|channel|item|feed|entry)\\b`).test(out)) continue;
    out = out.replace(new RegExp(`<(/?)${p}:`, 'g'), '<$1');
  }
  return out;
}

/** Expands the internal DTD's simple general entities (<!ENTITY id "text">): one level, bounded. */
function expandInternalEntities(text: string): string {
  const dtd = /<!DOCTYPE[^>[]*\[([\s\S]*?)\]\s*>/i.exec(text.slice(0, 65536));
  if (!dtd) return text;
  const defs = new Map<string, string>();
  for (const m of dtd[1]!.matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(["'])([^"'&%<]{0,1000})\2\s*>/g)) defs.set(m[1]!, m[3]!);
  if (defs.size === 0) return text;
  return text.replace(/&([A-Za-z_][\w.-]*);/g, (m, name: string) => {
    const v = defs.get(name);
    return v === undefined ? m : v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  });
}

// ---------- reading xml2js nodes ----------

function first(v: Raw): Raw {
  return Array.isArray(v) ? v[0] : v;
}

function attrs(node: Raw): Attrs {
  return node && typeof node === 'object' && !Array.isArray(node) && node.$ && typeof node.$ === 'object' ? (node.$ as Attrs) : {};
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Re-serializes an xml2js element's children as markup (mixed-content order is approximate). */
function serializeChildren(node: Raw): string {
  if (node == null) return '';
  if (typeof node !== 'object') return escapeXml(String(node));
  let out = typeof node._ === 'string' ? escapeXml(node._) : '';
  for (const [k, v] of Object.entries(node)) {
    if (k === '$' || k === '_') continue;
    const tag = k.replace(/^[A-Za-z0-9_-]+:/, '');
    for (const child of Array.isArray(v) ? v : [v]) {
      const a = Object.entries(attrs(child))
        .filter(([n]) => !n.startsWith('xmlns'))
        .map(([n, val]) => ` ${n}="${escapeXml(String(val)).replace(/"/g, '&quot;')}"`)
        .join('');
      out += `<${tag}${a}>${serializeChildren(child)}</${tag}>`;
    }
  }
  return out;
}

type TextKind = 'text' | 'html' | 'auto';

/** The value of a text construct (Atom text/html/xhtml, base64 mode, RSS plain element). */
function textConstruct(nodes: Raw, defaultKind: TextKind): { value: string; kind: TextKind } | undefined {
  const list: Raw[] = Array.isArray(nodes) ? nodes : nodes == null ? [] : [nodes];
  for (const node of list) {
    if (node == null) continue;
    if (typeof node === 'string') {
      if (node.trim() === '' && list.length > 1) continue;
      return { value: node, kind: defaultKind };
    }
    if (typeof node !== 'object') continue;
    const a = attrs(node);
    const type = (a.type ?? '').toLowerCase();
    const mode = (a.mode ?? '').toLowerCase();
    const childKeys = Object.keys(node).filter((k) => k !== '$' && k !== '_');
    let value: string;
    let kind: TextKind = defaultKind;
    const binaryType = /^[a-z]+\/[a-z0-9.+-]+$/.test(type) && !/^text\/|[/+]xml$|^application\/xhtml/.test(type);
    if (mode === 'base64' || binaryType) {
      value = Buffer.from(String(node._ ?? ''), 'base64').toString('utf8');
      if (binaryType) kind = 'html';
    } else if (type === 'xhtml' || type === 'application/xhtml+xml' || childKeys.length > 0) {
      const div = childKeys.length === 1 && /(^|:)div$/.test(childKeys[0]!) ? first(node[childKeys[0]!]) : node;
      value = serializeChildren(div);
      kind = 'html';
    } else {
      value = typeof node._ === 'string' ? node._ : '';
    }
    if (type === 'html' || type === 'text/html' || mode === 'escaped') kind = 'html';
    else if (type === 'text' || type === 'text/plain') kind = defaultKind === 'auto' ? 'auto' : 'text';
    if (value.trim() === '' && list.length > 1) continue;
    return { value, kind };
  }
  return undefined;
}

function plain(tc: { value: string; kind: TextKind } | undefined): string {
  if (!tc) return '';
  if (tc.kind === 'html') return htmlToText(tc.value);
  if (tc.kind === 'auto' && looksLikeHtml(tc.value)) return htmlToText(tc.value);
  return collapse(tc.value);
}

function markup(tc: { value: string; kind: TextKind } | undefined): string | undefined {
  if (!tc) return undefined;
  const v = tc.value.trim();
  if (!v) return undefined;
  return tc.kind === 'text' ? escapeXml(v) : v;
}

function resolveUrl(ref: string | undefined, base: string | undefined): string | undefined {
  if (ref === undefined) return base;
  const r = ref.trim();
  if (!r) return base;
  try {
    return new URL(r, base).toString();
  } catch {
    return base ? base : r;
  }
}

function resolveLink(ref: string | undefined, base: string | undefined): string | null {
  if (ref === undefined) return null;
  const r = collapse(ref);
  if (!r) return null;
  try {
    return new URL(r, base).toString();
  } catch {
    return r;
  }
}

function baseOf(node: Raw, parent: string | undefined): string | undefined {
  const b = attrs(node)['xml:base'];
  return b === undefined ? parent : resolveUrl(b, parent);
}

/** The alternate link among Atom <link> elements (rel=alternate or no rel; text/html preferred). */
function atomLink(links: Raw, base: string | undefined): string | null {
  const list: Raw[] = Array.isArray(links) ? links : links == null ? [] : [links];
  const withHref = list
    .map((l) => ({ a: attrs(l), node: l }))
    .filter(({ a, node }) => a.href !== undefined || (textOf(node)?.trim() ?? '') !== '');
  const alternates = withHref.filter(({ a }) => (a.rel ?? 'alternate').toLowerCase() === 'alternate');
  const pick =
    alternates.find(({ a }) => !a.type || /html/i.test(a.type)) ?? alternates[0] ?? undefined;
  if (!pick) return null;
  const href = pick.a.href ?? textOf(pick.node);
  return resolveLink(href, baseOf(pick.node, base));
}

function textOf(node: Raw): string | undefined {
  const n = first(node);
  if (n == null) return undefined;
  if (typeof n === 'string') return n;
  if (typeof n === 'object' && typeof n._ === 'string') return n._;
  return undefined;
}

function raw(obj: Record<string, unknown>, ...keys: string[]): Raw {
  for (const k of keys) {
    const v = obj[rawKey(k)];
    if (v !== undefined) return v;
  }
  return undefined;
}

function firstDate(values: unknown[]): string | null {
  for (const v of values) {
    const s = textOf(v);
    const d = s === undefined ? null : parseFeedDate(s);
    if (d) return d;
  }
  return null;
}

// ---------- building the result ----------

function buildXmlFeed(
  out: Parser.Output<Record<string, unknown>> & Record<string, unknown>,
  format: 'rss' | 'rdf' | 'atom',
  feedUrl: string | undefined,
  encoding: string,
): ParsedFeed {
  const isAtom = format === 'atom';
  const feedBase = baseOf({ $: raw(out, '$') }, feedUrl);
  const titleTc = textConstruct(raw(out, 'title', 'dc:title', 'atom:title'), isAtom ? 'text' : 'auto');
  let link: string | null = null;
  if (isAtom) link = atomLink(raw(out, 'link'), feedBase);
  else {
    const l = raw(out, 'link');
    const plainLinks = (Array.isArray(l) ? l : []).filter((x: Raw) => textOf(x)?.trim());
    link = plainLinks.length ? resolveLink(textOf(plainLinks[0]), baseOf(plainLinks[0], feedBase)) : atomLink(raw(out, 'atom:link', 'atom10:link'), feedBase);
  }
  const ttl = Number(textOf(raw(out, 'ttl')) ?? NaN);
  const entries = (out.items ?? []).map((item) => buildEntry(item as Record<string, unknown>, isAtom, feedBase));
  const feed: ParsedFeed = { title: plain(titleTc), link, entries, format, encoding };
  if (Number.isFinite(ttl) && ttl > 0) feed.ttlMinutes = ttl;
  return feed;
}

function buildEntry(item: Record<string, unknown>, isAtom: boolean, feedBase: string | undefined): FeedEntry {
  const itemAttrs = attrs(raw(item, '$') ? { $: raw(item, '$') } : undefined);
  const base = itemAttrs['xml:base'] !== undefined ? resolveUrl(itemAttrs['xml:base'], feedBase) : feedBase;

  const title = plain(textConstruct(raw(item, 'title', 'dc:title', 'atom:title', 'media:title'), isAtom ? 'text' : 'auto'));

  // Identifier
  const guidNode = first(raw(item, 'guid'));
  let id = collapse(textOf(raw(item, 'guid', 'id', 'atom:id')) ?? '') || null;
  if (!id && itemAttrs['rdf:about']) id = collapse(itemAttrs['rdf:about']) || null;
  if (!id) id = collapse(textOf(raw(item, 'dc:identifier')) ?? '') || null;

  // Link
  let link: string | null = null;
  const linkNodes = raw(item, 'link');
  if (isAtom) link = atomLink(linkNodes, base);
  else {
    const list: Raw[] = Array.isArray(linkNodes) ? linkNodes : [];
    const textual = list.find((x) => textOf(x)?.trim());
    if (textual !== undefined) link = resolveLink(textOf(textual), baseOf(textual, base));
    else if (list.some((x) => attrs(x).href)) link = atomLink(list, base);
    if (!link) link = atomLink(raw(item, 'atom:link', 'atom10:link', 'a10:link'), base);
    const isPermaLink = (attrs(guidNode).ispermalink ?? attrs(guidNode).isPermaLink ?? 'true').toLowerCase() !== 'false';
    if (!link && id && isPermaLink && /^https?:\/\//i.test(id)) link = resolveLink(id, base);
  }
  if (!link && typeof item.link === 'string' && item.link.trim()) link = resolveLink(item.link, base);

  const publishedAt =
    firstDate([
      raw(item, 'published'), raw(item, 'pubDate'), raw(item, 'pubdate'), raw(item, 'dc:date'), raw(item, 'issued'),
      raw(item, 'dcterms:issued'), raw(item, 'created'), raw(item, 'dcterms:created'), raw(item, 'atom:published'),
      raw(item, 'updated'), raw(item, 'modified'), raw(item, 'dcterms:modified'), raw(item, 'atom:updated'), raw(item, 'a10:updated'),
    ]) ?? (typeof item.isoDate === 'string' ? parseFeedDate(item.isoDate) : null);

  const entry: FeedEntry = { id, title, link, publishedAt };
  const summaryNodes = isAtom
    ? raw(item, 'summary', 'description', 'abstract')
    : raw(item, 'description', 'dc:description', 'summary', 'abstract', 'itunes:summary');
  const summary = markup(textConstruct(summaryNodes, isAtom ? 'text' : 'html'));
  const content = markup(textConstruct(raw(item, 'content:encoded', 'content', 'xhtml:body', 'body', 'fullitem'), isAtom ? 'text' : 'html'));
  if (summary) entry.summary = summary;
  if (content) entry.contentHtml = content;
  return entry;
}

// ---------- JSON Feed ----------

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function buildJsonFeed(json: unknown, feedUrl: string | undefined, name: string): ParsedFeed {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new FeedParseError(name, 'JSON is not a JSON Feed object');
  const j = json as Record<string, unknown>;
  const items = j.items;
  if (!Array.isArray(items) && !(typeof j.version === 'string' && j.version.includes('jsonfeed'))) {
    throw new FeedParseError(name, 'JSON is not a JSON Feed (no "version" or "items")');
  }
  const entries: FeedEntry[] = (Array.isArray(items) ? items : [])
    .filter((it): it is Record<string, unknown> => !!it && typeof it === 'object')
    .map((it) => {
      const url = str(it.url) ?? str(it.external_url);
      const entry: FeedEntry = {
        id: collapse(str(it.id) ?? '') || null,
        title: collapse(str(it.title) ?? ''),
        link: resolveLink(url, feedUrl),
        publishedAt: parseFeedDate(str(it.date_published) ?? '') ?? parseFeedDate(str(it.date_modified) ?? ''),
      };
      const summary = str(it.summary);
      const html = str(it.content_html) ?? (str(it.content_text) !== undefined ? escapeXml(str(it.content_text)!) : undefined);
      if (summary) entry.summary = escapeXml(summary);
      if (html) entry.contentHtml = html;
      return entry;
    });
  return {
    title: collapse(str(j.title) ?? ''),
    link: resolveLink(str(j.home_page_url), feedUrl),
    entries,
    format: 'json',
    encoding: 'utf-8',
  };
}

// ---------- entry point ----------

function feedName(opts: ParseFeedOptions): string {
  return opts.name ?? opts.url ?? 'feed';
}

/** The root element's name: the first tag after the prolog, comments, PIs and DOCTYPE. */
function rootElement(text: string): string | undefined {
  const head = text.slice(0, 256 * 1024).replace(/<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi, '');
  return /<([A-Za-z_][\w.:-]*)/.exec(head)?.[1];
}

/** An attribute of the root element's start tag (the parser reports the channel's, not the root's), or undefined. */
function rootAttribute(text: string, name: string): string | undefined {
  const head = text.slice(0, 256 * 1024).replace(/<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi, '');
  const tag = /<[A-Za-z_][\w.:-]*((?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(head)?.[1];
  if (!tag) return undefined;
  for (const m of tag.matchAll(/([^\s=>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (m[1]!.toLowerCase() === name) return decodeHTML(m[2] ?? m[3] ?? '');
  }
  return undefined;
}

function formatOf(text: string): 'rss' | 'rdf' | 'atom' | undefined {
  const root = /^([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)$/.exec(rootElement(text) ?? '');
  const local = root?.[2]?.toLowerCase();
  if (local === 'feed') return 'atom';
  if (local === 'rss') return 'rss';
  if (local === 'rdf') return 'rdf';
  return undefined;
}

/** A feed stored or served gzip-compressed twice (e.g. a .xml.gz file): unpack, within the size limit. */
function gunzip(bytes: Uint8Array, name: string): Uint8Array {
  try {
    return gunzipLimited(bytes, { limit: MAX_CHARS, name });
  } catch (err) {
    throw new FeedParseError(name, `gzip-compressed document that cannot be unpacked: ${describe(err)}`);
  }
}

function hasChannel(text: string, format: 'rss' | 'rdf' | 'atom'): boolean {
  return format === 'atom' || /<(?:[\w-]+:)?channel[\s>/]/i.test(text);
}

/** RSS with items but no <channel> (or nothing at all): wrap the root's content in one, as RSS requires. */
function injectChannel(text: string, format: 'rss' | 'rdf'): string {
  const open = format === 'rss' ? /<rss\b[^<>]*?(\/?)>/i : /<(?:[\w-]+:)?RDF\b[^<>]*?(\/?)>/i;
  const m = open.exec(text);
  if (!m) return text;
  const at = m.index + m[0].length;
  if (m[1] === '/') return `${text.slice(0, m.index)}${m[0].slice(0, -2)}><channel/></${format === 'rss' ? 'rss' : 'rdf:RDF'}>${text.slice(at)}`;
  if (format === 'rdf') return `${text.slice(0, at)}<channel/>${text.slice(at)}`;
  const close = text.search(/<\/rss\s*>\s*$/i);
  if (close < 0) return `${text.slice(0, at)}<channel>${text.slice(at)}</channel>`;
  return `${text.slice(0, at)}<channel>${text.slice(at, close)}</channel>${text.slice(close)}`;
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed bytes into a ParsedFeed. Decodes the bytes
 * first (BOM, HTTP charset, XML prolog, UTF-8 validity), strips junk before the first tag, and
 * retries with repairs (HTML entities, bare ampersands, a lenient XML mode) when rss-parser fails.
 * Throws FeedParseError, naming the feed and the reason, when nothing works. Never throws anything else.
 */
export async function parseFeed(input: Uint8Array | string, opts: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const name = feedName(opts);
  try {
    return await parseFeedInner(input, opts, name);
  } catch (err) {
    if (err instanceof FeedParseError) throw err;
    throw new FeedParseError(name, `unexpected parser failure: ${describe(err)}`, { cause: err });
  }
}

async function parseFeedInner(input: Uint8Array | string, opts: ParseFeedOptions, name: string): Promise<ParsedFeed> {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size === 0) throw new FeedParseError(name, 'empty document');
  if (size > MAX_CHARS) throw new FeedParseError(name, `document too large (${size} bytes)`);
  if (typeof input !== 'string' && isGzip(input)) input = gunzip(input, name);
  const decoded = decodeBytes(input, { contentType: opts.contentType });
  const trimmed = decoded.text.replace(/^[\s\uFEFF]+/, '');

  if (trimmed.startsWith('{') || /json/i.test(opts.contentType ?? '') && !trimmed.startsWith('<')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new FeedParseError(name, `invalid JSON: ${describe(err)}`);
    }
    return buildJsonFeed(json, opts.url, name);
  }

  const text = unprefixFeedNamespace(preclean(decoded.text));
  if (!text.includes('<')) throw new FeedParseError(name, 'not XML or JSON (no markup found)');
  const format = formatOf(text);
  if (!format) {
    const root = rootElement(text);
    if (!root) throw new FeedParseError(name, 'no root element (the document has only a prolog, comments or text)');
    throw new FeedParseError(name, `not a feed: the document's root element is <${root}>, expected <rss>, <rdf:RDF> or <feed>`);
  }

  const base = format === 'atom' || hasChannel(text, format) ? text : injectChannel(text, format);
  // Strict first; then with entity and ampersand repairs; then with the element structure
  // rebalanced (unclosed items, a truncated document: see recover.ts); lenient XML last.
  const repaired = (): string => repair(expandInternalEntities(base));
  const attempts: { text: () => string; lenient: boolean }[] = [
    { text: () => base, lenient: false },
    { text: repaired, lenient: false },
    { text: () => rebalance(repaired()), lenient: false },
    { text: () => rebalance(repaired()), lenient: true },
    { text: repaired, lenient: true },
  ];
  // RSS: the parser reports the channel's attributes, so the root's xml:base is read here (Atom's
  // root is the feed element, whose xml:base buildXmlFeed applies itself).
  const rootBase = format === 'atom' ? undefined : rootAttribute(text, 'xml:base');
  const feedUrl = rootBase === undefined ? opts.url : resolveUrl(rootBase, opts.url);
  let firstError: unknown;
  for (const attempt of attempts) {
    try {
      const out = await makeParser(attempt.lenient).parseString(attempt.text());
      return buildXmlFeed(out as never, format, feedUrl, decoded.encoding);
    } catch (err) {
      firstError ??= err;
    }
  }
  throw new FeedParseError(name, `malformed ${format === 'rdf' ? 'RSS 1.0' : format.toUpperCase()} feed: ${describe(firstError)}`);
}
