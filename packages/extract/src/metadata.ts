// Metadata from every source a page offers: JSON-LD, Open Graph / article:* / Dublin Core /
// parsely meta, microdata, <time> elements, byline elements, the URL's date path, the feed date.
import { dateFromUrl, parseDate, parseHumanDate } from './dates.js';
import { flatten, imageUrl, isArticleType, isPageType, names, str, types, type JsonObject } from './jsonld.js';

/** A minimal DOM surface shared by linkedom and jsdom documents. */
export type Doc = Document;

export interface MetaCandidates {
  title: { source: string; value: string }[];
  byline: { source: string; value: string }[];
  published: { source: string; value: string }[];
  modified: { source: string; value: string }[];
  lang: { source: string; value: string }[];
  canonical: { source: string; value: string }[];
  siteName: { source: string; value: string }[];
  image: { source: string; value: string }[];
  /** JSON-LD @type values seen (for the article / non-article decision). */
  ldTypes: string[];
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…', eacute: 'é', egrave: 'è', aacute: 'á', oacute: 'ó', iacute: 'í', uacute: 'ú', ntilde: 'ñ', uuml: 'ü', ouml: 'ö', auml: 'ä', ccedil: 'ç' };

/** Decodes HTML character references (JSON-LD and meta values often carry them escaped). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : all;
    }
    return NAMED[e.toLowerCase()] ?? all;
  });
}

// also matches JSON carried HTML-escaped in an attribute (`&quot;datePublished&quot;:&quot;...`)
const SCRIPT_DATE_RE = /(?:["']|&quot;)(?:datePublished|publishedDate|publishDate|published_at|publishedAt|publish_date|firstPublishedDate|first_published_at|pubDate|publicationDate|date_published)(?:["']|&quot;)\s*:\s*(?:["']|&quot;)([^"'&]{8,40})(?:["']|&quot;)/g;

const NOT_HEADLINE_CTX = /logo|site-?title|site-?name|brand|masthead|navbar|menu|header__title|blog-?title/i;

/** Whether an <h1> reads as the page's headline (not the site's name, a logo, a menu). */
function isHeadlineH1(h: Element, siteNames: string[]): boolean {
  const text = clean(h.textContent);
  if (text.length < 3 || /^(menu|navigation|search|open menu|close menu|main menu)\b/i.test(text)) return false;
  const sites = siteNames.map((x) => x.toLowerCase());
  if (sites.includes(text.toLowerCase())) return false;
  for (let el: Element | null = h, depth = 0; el && depth < 4; el = el.parentElement, depth++) {
    const ctx = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (NOT_HEADLINE_CTX.test(ctx)) return false;
    if (el.tagName.toLowerCase() === 'nav') return false;
  }
  const a = h.querySelector('a[href]');
  if (a && clean(a.textContent) === text) {
    const href = a.getAttribute('href') ?? '';
    if (/^(\/|\.\/?|https?:\/\/[^/]+\/?)$/.test(href.replace(/[?#].*$/, '').replace(/\/index\.html?$/, '/'))) return false;
  }
  return true;
}

const BY_RE = /^(?:by|written by|words by|text by|story by|posted by|author:|authors:|von|par|por)\s*:?\s+(.{3,100})$/i;

/** Dates and "By ..." bylines in the text around the headline (the article header). */
function nearHeadline(doc: Doc, headline: Element | null): { dates: string[]; bylines: string[]; posted: string[] } {
  const texts: { text: string; el: Element }[] = [];
  let h1At = -1;
  const body = doc.body ?? doc.documentElement;
  if (!body) return { dates: [], bylines: [], posted: [] };
  const walk = (node: Node): void => {
    if (texts.length > 4000) return;
    if (node.nodeType === 3) {
      const t = clean(node.nodeValue);
      if (t && node.parentElement) texts.push({ text: t, el: node.parentElement });
      return;
    }
    if (node.nodeType !== 1) return;
    const name = (node as Element).tagName.toLowerCase();
    if (name === 'script' || name === 'style' || name === 'nav' || name === 'noscript' || name === 'svg') return;
    if (node === headline) h1At = texts.length;
    for (let ch = node.firstChild; ch; ch = ch.nextSibling) walk(ch);
  };
  walk(body);
  // dates next to a byline ("Written by X · April 8, 2024") anywhere in the page
  const byDates: string[] = [];
  for (let i = 0; i < texts.length && byDates.length < 1; i++) {
    if (!/^(by|written by|posted by|author|words by|story by)\b/i.test(texts[i]!.text) || texts[i]!.text.length > 80) continue;
    for (let j = i + 1; j < Math.min(texts.length, i + 8); j++) {
      const t = texts[j]!.text;
      if (t.length > 120) continue;
      const d = parseHumanDate(t);
      if (d) {
        byDates.push(d);
        break;
      }
    }
  }
  // "Posted on April 13, 2023" / "Published: 13.04.2023" anywhere in the page: a last resort
  const posted: string[] = [];
  for (let i = 0; i < texts.length && posted.length < 1; i++) {
    const t = texts[i]!.text;
    if (t.length > 80 || !/^(?:posted|published|publication date|date published)\b/i.test(t)) continue;
    const d = parseHumanDate(t) ?? (texts[i + 1] && texts[i + 1]!.text.length <= 40 ? parseHumanDate(texts[i + 1]!.text) : null);
    if (d) posted.push(d);
  }
  const from = h1At >= 0 ? Math.max(0, h1At - 15) : 0;
  const to = h1At >= 0 ? Math.min(texts.length, h1At + 80) : Math.min(texts.length, 120);
  const dates: string[] = [];
  const bylines: string[] = [];
  for (let i = from; i < to; i++) {
    const { text, el } = texts[i]!;
    if (text.length <= 120 && dates.length < 3) {
      const d = parseHumanDate(text);
      if (d) dates.push(d);
    }
    if (bylines.length < 2 && text.length <= 120) {
      let m = BY_RE.exec(text);
      if (!m && /^(by|written by|words by|text by|story by|posted by|author:?)$/i.test(text)) {
        const parentText = clean(el.parentElement?.textContent ?? el.textContent);
        const own = clean(el.textContent);
        const cand = own.length > text.length + 2 ? own : parentText;
        if (cand.length <= 120) m = BY_RE.exec(cand);
        if (!m && texts[i + 1]) m = BY_RE.exec(`by ${texts[i + 1]!.text}`);
      }
      if (m) bylines.push(m[1]!);
    }
  }
  return { dates: dates.length ? dates : byDates, bylines, posted };
}

export const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function metaMap(doc: Doc): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? el.getAttribute('http-equiv') ?? '').trim().toLowerCase();
    const content = el.getAttribute('content');
    if (!key || content == null || !content.trim()) continue;
    const list = m.get(key) ?? [];
    list.push(clean(content));
    m.set(key, list);
  }
  return m;
}

function resolveUrl(href: string | null | undefined, base: string | null | undefined): string | null {
  const h = clean(href);
  if (!h || /^(javascript|data|mailto):/i.test(h)) return null;
  try {
    return new URL(h, base ?? undefined).href;
  } catch {
    return /^https?:\/\//i.test(h) ? h : null;
  }
}

const isUrl = (s: string): boolean => /^(https?:)?\/\//i.test(s) || /^www\./i.test(s);

/** Collects every candidate value, source-tagged, in document order per source. */
export function collectCandidates(doc: Doc, ld: unknown[], pageUrl: string | null, rawHtml = ''): MetaCandidates {
  const c: MetaCandidates = { title: [], byline: [], published: [], modified: [], lang: [], canonical: [], siteName: [], image: [], ldTypes: [] };
  const add = (list: { source: string; value: string }[], source: string, value: string | null | undefined): void => {
    const v = clean(decodeEntities(value ?? ''));
    if (v) list.push({ source, value: v });
  };
  const meta = metaMap(doc);
  const mget = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = meta.get(k)?.[0];
      if (v) return v;
    }
    return null;
  };

  // JSON-LD
  const objs = flatten(ld);
  for (const o of objs) c.ldTypes.push(...types(o));
  const articles = objs.filter(isArticleType);
  const pages = objs.filter(isPageType);
  const ldSources: [string, JsonObject[]][] = [['ld', articles], ['ldpage', pages]];
  for (const [src, list] of ldSources) {
    for (const o of list) {
      add(c.title, src, str(o['headline']) ?? str(o['name']));
      const authors = o['author'] ?? o['creator'];
      const orgAuthor = (Array.isArray(authors) ? authors : [authors]).every((a) => a && typeof a === 'object' && types(a as JsonObject).some((t) => t === 'Organization' || t === 'NewsMediaOrganization' || t === 'Corporation'));
      for (const n of names(authors)) add(c.byline, orgAuthor ? `${src}org` : src, n);
      add(c.published, src, str(o['datePublished']) ?? str(o['dateCreated']) ?? str(o['uploadDate']));
      add(c.modified, src, str(o['dateModified']));
      add(c.lang, src, str(o['inLanguage']));
      const pub = o['publisher'];
      if (pub && typeof pub === 'object' && !Array.isArray(pub)) add(c.siteName, src, str((pub as JsonObject)['name']));
      add(c.image, src, imageUrl(o['image'] ?? o['thumbnailUrl']));
      const u = o['url'] ?? o['mainEntityOfPage'];
      const us = typeof u === 'string' ? u : u && typeof u === 'object' && !Array.isArray(u) ? str((u as JsonObject)['@id'] ?? (u as JsonObject)['url']) : null;
      if (us && isUrl(us)) add(c.canonical, src, us);
    }
  }
  for (const o of objs) if (types(o).includes('WebSite') || types(o).includes('NewsMediaOrganization')) add(c.siteName, 'ldsite', str(o['name']));

  // meta tags
  add(c.title, 'og', mget('og:title'));
  add(c.title, 'twitter', mget('twitter:title'));
  add(c.title, 'meta', mget('title', 'dc.title', 'dcterms.title', 'parsely-title', 'sailthru.title', 'headline'));
  for (const k of ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl', 'byline', 'citation_author', 'twitter:creator']) {
    for (const v of meta.get(k) ?? []) {
      if (isUrl(v) || (k === 'twitter:creator' && v.startsWith('@'))) continue;
      add(c.byline, `meta:${k}`, v.replace(/^by\s+/i, ''));
    }
  }
  add(c.published, 'meta', mget('article:published_time', 'og:article:published_time', 'article:published', 'published_time', 'og:published_time', 'datepublished'));
  add(c.published, 'meta2', mget('pubdate', 'publishdate', 'publish_date', 'publish-date', 'publication_date', 'parsely-pub-date', 'sailthru.date', 'dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.date', 'dcterms.created', 'dc.date.created', 'article.published', 'originalpublicationdate', 'citation_publication_date', 'citation_date', 'date', 'displaydate', 'article_date_original', 'cxenseparse:recs:publishtime', 'release_date', 'created'));
  add(c.modified, 'meta', mget('article:modified_time', 'og:updated_time', 'article:modified', 'modified_time', 'datemodified', 'last-modified', 'dcterms.modified', 'lastmod'));
  add(c.lang, 'meta', mget('content-language', 'language', 'dc.language', 'og:locale'));
  add(c.siteName, 'og', mget('og:site_name', 'application-name', 'publisher', 'dc.publisher', 'twitter:site'));
  add(c.image, 'og', mget('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src', 'thumbnail'));

  // microdata and <time>
  for (const el of Array.from(doc.querySelectorAll('[itemprop="datePublished"], [itemprop="dateCreated"]')).slice(0, 3)) {
    add(c.published, 'itemprop', el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent);
  }
  for (const el of Array.from(doc.querySelectorAll('[itemprop="dateModified"]')).slice(0, 2)) add(c.modified, 'itemprop', el.getAttribute('content') ?? el.getAttribute('datetime'));
  for (const el of Array.from(doc.querySelectorAll('[itemprop="headline"]')).slice(0, 1)) add(c.title, 'itemprop', el.getAttribute('content') ?? el.textContent);
  for (const el of Array.from(doc.querySelectorAll('[itemprop="author"]')).slice(0, 4)) {
    const nameEl = el.querySelector('[itemprop="name"]');
    add(c.byline, 'itemprop', nameEl?.getAttribute('content') ?? nameEl?.textContent ?? el.getAttribute('content') ?? el.textContent);
  }
  for (const el of Array.from(doc.querySelectorAll('time[pubdate], time.published, time.entry-date, time.dt-published'))) add(c.published, 'timepub', el.getAttribute('datetime') ?? el.textContent);
  const times = Array.from(doc.querySelectorAll('time'));
  for (const el of times.slice(0, 3)) add(c.published, 'time', el.getAttribute('datetime') ?? el.textContent);

  // byline elements
  for (const el of Array.from(doc.querySelectorAll('[rel="author"], a[href*="/author/"], a[href*="/authors/"], a[href*="/profile/"]')).slice(0, 3)) add(c.byline, 'relauthor', el.textContent);
  for (const el of Array.from(doc.querySelectorAll('[class*="byline" i], [class*="author-name" i], [class*="authorname" i], [class*="author__name" i], [id*="byline" i]')).slice(0, 3)) add(c.byline, 'byclass', el.textContent);

  // elements whose class names a date ("post-date", "published", "entry_update"): a last resort
  let classDates = 0;
  for (const el of Array.from(doc.querySelectorAll('[class*="date" i], [class*="publish" i], [class*="posted" i], [class*="update" i], [class*="time" i]')).slice(0, 40)) {
    const t = clean(el.textContent);
    if (!t || t.length > 100) continue;
    const d = parseHumanDate(t);
    if (d) {
      add(c.published, 'classdate', d);
      if (++classDates >= 2) break;
    }
  }

  // <title>, <h1>: an h1 that is the site's logo or a link home is not the headline
  const h1s = Array.from(doc.querySelectorAll('h1')).slice(0, 6);
  let headline: Element | null = null;
  for (const h of h1s) {
    const plausible = isHeadlineH1(h, c.siteName.map((x) => x.value));
    add(c.title, plausible ? 'h1' : 'h1x', h.textContent);
    if (plausible && !headline) headline = h;
  }
  headline ??= doc.querySelector('article h1, article h2, main h2, [role="main"] h2, [class*="title" i]');
  const near = nearHeadline(doc, headline);
  for (const t of near.dates) add(c.published, 'near', t);
  for (const t of near.bylines) add(c.byline, 'near', t);
  for (const t of near.posted) add(c.published, 'posted', t);
  for (const m of rawHtml.matchAll(SCRIPT_DATE_RE)) {
    add(c.published, 'script', m[1]);
    if (c.published.filter((x) => x.source === 'script').length >= 2) break;
  }
  add(c.title, 'title', doc.querySelector('title')?.textContent);

  // language, canonical
  add(c.lang, 'html', doc.documentElement?.getAttribute('lang') ?? doc.documentElement?.getAttribute('xml:lang'));
  add(c.canonical, 'link', doc.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  add(c.canonical, 'og', mget('og:url', 'twitter:url'));
  if (pageUrl) add(c.canonical, 'url', pageUrl);
  for (const u of [...c.canonical.map((x) => x.value)]) add(c.published, 'urlpath', dateFromUrl(resolveUrl(u, pageUrl)));
  return c;
}

const TITLE_SEPARATORS = /\s+(?:[|\-–—:·•»«/]|::)\s+/;

function normTitle(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Strips a site-name suffix or prefix ("Headline | Site", "Site - Headline"). */
function stripSiteName(title: string, siteNames: string[]): string {
  const parts = title.split(TITLE_SEPARATORS);
  if (parts.length < 2) return title;
  const sites = siteNames.map(normTitle).filter(Boolean);
  const last = normTitle(parts[parts.length - 1]!);
  const first = normTitle(parts[0]!);
  if (sites.some((s) => s === last || s.includes(last) || last.includes(s))) return title.slice(0, title.lastIndexOf(parts[parts.length - 1]!)).replace(/\s*(?:[|\-–—:·•»«/]|::)\s*$/, '').trim();
  if (sites.some((s) => s === first || s.includes(first) || first.includes(s))) return title.slice(parts[0]!.length).replace(/^\s*(?:[|\-–—:·•»«/]|::)\s*/, '').trim();
  // no known site name: drop a short last segment after " | " (a site name by its shape)
  const m = /^(.{15,}?)\s+[|•·»]\s+([^|•·»]{2,40})$/.exec(title);
  if (m) return m[1]!.trim();
  return title;
}

function pick(list: { source: string; value: string }[], ...sources: string[]): string | null {
  for (const s of sources) {
    const hit = list.find((x) => x.source === s);
    if (hit) return hit.value;
  }
  return null;
}

/** The metadata title (site name stripped) that at least two sources give, if any. */
function agreedMetaTitle(c: MetaCandidates, siteNames: string[]): string | null {
  const counts = new Map<string, { n: number; v: string }>();
  for (const src of ['ld', 'og', 'twitter', 'meta', 'ldpage', 'title']) {
    const seen = new Set<string>();
    for (const x of c.title) {
      if (x.source !== src) continue;
      const v = stripSiteName(x.value, siteNames);
      const k = normTitle(v);
      if (!k || seen.has(k)) continue;
      seen.add(k);
      const e = counts.get(k) ?? { n: 0, v };
      e.n++;
      counts.set(k, e);
    }
  }
  let top: { n: number; v: string } | null = null;
  for (const e of counts.values()) if (!top || e.n > top.n) top = e;
  return top && top.n >= 2 ? top.v : null;
}

export function chooseTitle(c: MetaCandidates): string | null {
  const siteNames = c.siteName.map((x) => x.value);
  const h1s = c.title.filter((x) => x.source === 'h1').map((x) => x.value);
  const meta = ['ld', 'og', 'twitter', 'itemprop', 'meta', 'ldpage', 'title'].flatMap((s) => c.title.filter((x) => x.source === s).map((x) => x.value));
  const metaNorm = meta.map((m) => normTitle(stripSiteName(m, siteNames)));
  const metaFull = meta.map(normTitle);
  // an <h1> that the metadata confirms is the headline as shown
  for (const h of h1s) {
    const n = normTitle(h);
    if (metaNorm.some((m) => m === n) || metaFull.some((m) => m.includes(n) && n.length >= 0.5 * m.length)) return h;
  }
  // else the visible headline, unless it is a short label ("Our Blog", "M&A Updates") whose
  // words are not all in the title that two metadata sources agree on
  const agreed = agreedMetaTitle(c, siteNames);
  const agreedWords = new Set(normTitle(agreed ?? '').split(' '));
  const isLabel = (h: string): boolean => agreed !== null && h.split(/\s+/).length < 4 && !normTitle(h).split(' ').every((w) => agreedWords.has(w));
  const readable = h1s.filter((h) => h.length >= 8 && h.length <= 300 && /\s/.test(h));
  const h1 = readable.find((h) => !isLabel(h));
  if (h1 && agreed) {
    // the headline with something glued on ("Blog: ...", "... Posted on July 1, 2024", "... - Site")
    // that the agreed metadata title leaves out
    const n = normTitle(h1);
    const k = normTitle(agreed);
    const marks = (t: string): number => (t.match(/[|–—:•»([]|\w\.\w/g) ?? []).length;
    if (k.length >= 12 && k.length < n.length && k.length >= 0.5 * n.length && n.includes(k)) {
      if (/\d/.test(n.replace(k, ' ')) || marks(h1) > marks(agreed)) return agreed;
    }
  }
  if (h1) return h1;
  if (agreed && readable.length) return agreed;
  const best = pick(c.title, 'ld', 'og', 'twitter', 'itemprop', 'meta', 'ldpage');
  if (best) return stripSiteName(best, siteNames);
  const t = pick(c.title, 'title');
  return t ? stripSiteName(t, siteNames) : h1s[0] ?? null;
}

const BYLINE_JUNK = /^(view all posts by|all posts by|posts by|more by|by|posted by|written by|words by|text by|story by|author|authors|von|par|por|de)\s*:?\s+/i;
const UI_WORDS = /\b(login|log in|sign in|sign up|profile|learn more|read more|more|bluesky|twitter|facebook|linkedin|instagram|posts|view all|follow|subscribe|contact|share|menu|home|contributors|admin|guest|newsletter|comments?|reply|about|help)\b/i;

function cleanByline(s: string): string | null {
  let v = clean(s).replace(BYLINE_JUNK, '').trim();
  v = v.replace(/\s*[|•·]\s*.*$/, '').replace(/\s*,?\s+(updated|published|posted|last updated|on)\b.*$/i, '').trim();
  v = v.replace(/\s*(?:—|–|-)\s*$/, '').trim();
  if (v.length < 2 || v.length > 150 || isUrl(v) || v.includes('@')) return null;
  if (!/\p{L}/u.test(v)) return null;
  if (/^(admin|administrator|staff|guest|unknown|null|undefined|author|anonymous)$/i.test(v)) return null;
  if (/^(posted|written|published|updated|by|on|in)\b/i.test(v)) return null;
  return v;
}

/** How much a value looks like a person's name (or a list of names). */
function nameScore(v: string): number {
  if (/\d/.test(v) && !/\b(19|20)\d\d\b/.test(v)) return -3;
  if (/\d/.test(v)) return -3;
  if (UI_WORDS.test(v)) return -3;
  const parts = v.split(/\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*/i).filter(Boolean);
  let score = 0;
  for (const p of parts.slice(0, 6)) {
    const words = p.split(/\s+/).filter(Boolean);
    if (words.length > 5) return -2;
    const caps = words.filter((w) => /^[\p{Lu}]/u.test(w)).length;
    if (words.length >= 2 && caps >= words.length - 1) score = Math.max(score, 2);
    else if (words.length === 1 && /^[\p{Lu}][\p{L}'’-]+$/u.test(words[0]!)) score = Math.max(score, 0.5);
    else if (words.length === 1 && /[._]|^[\p{Ll}]+$/u.test(words[0]!)) score = Math.max(score, -1.5);
    else if (caps === 0) score = Math.max(score, -2.5);
  }
  return parts.length ? score : -3;
}

const BYLINE_PRIOR: Record<string, number> = {
  ld: 3, near: 2, itemprop: 2.5, 'meta:author': 2.5, 'meta:article:author': 2, 'meta:parsely-author': 2.5, 'meta:sailthru.author': 2.5,
  'meta:dc.creator': 2, 'meta:dcterms.creator': 2, 'meta:byl': 2.5, 'meta:citation_author': 2.5, relauthor: 2, ldpage: 1.5,
  byclass: 1.5, 'meta:byline': 1.5, ldorg: 1.5, ldpageorg: 1, 'meta:twitter:creator': -1,
};

export function chooseByline(c: MetaCandidates, readabilityByline: string | null): string | null {
  const sites = c.siteName.map((x) => x.value.toLowerCase());
  const groups = new Map<string, string[]>();
  for (const x of c.byline) {
    const v = cleanByline(x.value);
    if (!v) continue;
    const g = groups.get(x.source) ?? [];
    if (!g.includes(v)) g.push(v);
    groups.set(x.source, g);
  }
  if (readabilityByline) {
    const v = cleanByline(readabilityByline);
    if (v) groups.set('readability', [v]);
  }
  let best: { v: string; score: number } | null = null;
  for (const [src, vals] of groups) {
    const v = (src === 'ld' || src === 'itemprop' || src.startsWith('meta:')) ? vals.slice(0, 6).join(', ') : vals[0]!;
    if (v.length > 200) continue;
    let score = (BYLINE_PRIOR[src] ?? 1) + nameScore(v);
    if (sites.includes(v.toLowerCase())) score -= 2;
    if (!best || score > best.score) best = { v, score };
  }
  return best && best.score > 0 ? best.v : null;
}

export function chooseDate(list: { source: string; value: string }[], order: string[]): string | null {
  for (const src of order) {
    for (const x of list) {
      if (x.source !== src) continue;
      const d = parseDate(x.value);
      if (!d) continue;
      // a calendar day only: take the time of day from a machine-readable value of that day
      if (d.endsWith('T00:00:00.000Z')) {
        const day = d.slice(0, 10);
        for (const y of list) {
          if (y === x || !y.value.startsWith(day) || !/\d[T ]\d{1,2}:\d{2}/.test(y.value)) continue;
          const precise = parseDate(y.value);
          if (precise) return precise;
        }
      }
      return d;
    }
  }
  return null;
}

/**
 * The publication date. Metadata first (JSON-LD, meta, microdata, <time pubdate>, ...), then
 * other <time> elements, the date shown by the headline, dates in scripts, the URL's date, dates
 * in date-named elements, a "Posted on ..." line anywhere. One exception: when
 * the date shown by the headline is EARLIER than the metadata's, the page shows its original
 * publication date and the metadata carries a republication (on wcxb-dev halves: 8 to 1).
 */
export function choosePublished(c: MetaCandidates): string | null {
  const d = chooseDate(c.published, PUBLISHED_ORDER);
  if (!d) return null;
  const near = c.published.find((x) => x.source === 'near');
  const nearIso = near ? parseDate(near.value) : null;
  if (!nearIso) return d;
  const primary = c.published.find((x) => (x.source === 'ld' || x.source === 'meta') && parseDate(x.value) === d);
  if (!primary) return d;
  // both days are the publisher's local dates (parseDate keeps the value's own UTC offset)
  return nearIso.slice(0, 10) < d.slice(0, 10) ? nearIso : d;
}

export const PUBLISHED_ORDER = ['ld', 'meta', 'itemprop', 'timepub', 'meta2', 'ldpage', 'time', 'near', 'script', 'urlpath', 'classdate', 'posted'];

export function chooseLang(c: MetaCandidates): string | null {
  for (const src of ['html', 'ld', 'meta', 'ldpage']) {
    for (const x of c.lang) {
      if (x.source !== src) continue;
      const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec(x.value.trim());
      if (m) return m[1]!.toLowerCase();
    }
  }
  return null;
}

export function chooseCanonical(c: MetaCandidates, pageUrl: string | null): string | null {
  for (const src of ['link', 'og', 'ld', 'url']) {
    const v = pick(c.canonical, src);
    const u = resolveUrl(v, pageUrl);
    if (u && /^https?:/i.test(u)) return u;
  }
  return null;
}

export function chooseSiteName(c: MetaCandidates): string | null {
  return pick(c.siteName, 'og', 'ld', 'ldsite', 'ldpage');
}

export function chooseImage(c: MetaCandidates, pageUrl: string | null): string | null {
  for (const src of ['og', 'ld', 'ldpage']) {
    const u = resolveUrl(pick(c.image, src), pageUrl);
    if (u) return u;
  }
  return null;
}
