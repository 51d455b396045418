// Metadata from every source a page offers: JSON-LD, Open Graph / article:* / Dublin Core /
// parsely meta, microdata, <time> elements, byline elements, the URL's date path, the feed date.
import { dateFromUrl, parseDate, parseHumanDate } from './dates.js';
import { flatten, imageUrl, isArticleType, isPageType, names, str, types, type JsonObject } from './jsonld.js';
import { fixMojibake } from './text.js';

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

// a class or id token naming the site's logo, name or menu ("site-title", "navbar-brand",
// "logo"); WordPress taxonomy classes ("category-brands", "tag-logo-design") say nothing
// an author name in a page script's data ("pagePostAuthor":"Jane Doe")
const SCRIPT_AUTHOR_RE = /(?:["']|&quot;)(?:pagePostAuthor|authorName|author_name)(?:["']|&quot;)\s*:\s*(?:["']|&quot;)([^"'&]{3,60})(?:["']|&quot;)/g;

const NOT_HEADLINE_TOKEN = /^(?:[a-z0-9]+[-_]{1,2})*(?:logo|site-?title|site-?name|sitename|sitetitle|brand|branding|masthead|navbar|menu|nav)(?:[-_]{1,2}[a-z0-9]+)*$/i;
const TAXONOMY_TOKEN = /^(?:category|tag|term|tax|wp-custom|has|post|format|type|page-template)[-_]/i;
const HOME_HREF = /^(\/|\.\/?|https?:\/\/[^/]+\/?)$/;

function isHomeLink(a: Element | null): boolean {
  if (!a) return false;
  const href = (a.getAttribute('href') ?? '').trim();
  return HOME_HREF.test(href.replace(/[?#].*$/, '').replace(/\/index\.html?$/, '/'));
}

/** Whether an <h1> reads as the page's headline (not the site's name, a logo, a menu). */
function isHeadlineH1(h: Element, siteNames: string[]): boolean {
  const text = clean(h.textContent);
  if (text.length < 3 || /^(menu|navigation|search|open menu|close menu|main menu)\b/i.test(text)) return false;
  const sites = siteNames.map((x) => x.toLowerCase());
  if (sites.includes(text.toLowerCase())) return false;
  for (let el: Element | null = h, depth = 0; el && depth < 4; el = el.parentElement, depth++) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main') break;
    if (tag === 'nav') return false;
    const tokens = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/\s+/).filter((t) => t && !TAXONOMY_TOKEN.test(t));
    if (tokens.some((t) => NOT_HEADLINE_TOKEN.test(t))) return false;
    // the h1 is the link home (`<a href="/"><h1>Site</h1></a>`)
    if (tag === 'a' && isHomeLink(el)) return false;
  }
  const a = h.querySelector('a[href]');
  if (a && clean(a.textContent) === text && isHomeLink(a)) return false;
  return true;
}

const TODAY_RE = /(?:^|[\s_-])todays?(?:$|[\s_-])|current[-_]?date|date[-_]?(?:now|today)/i;

/** A date in a "today's date" widget (a masthead's date line), not the article's: by class or id, up to two levels out. */
function isTodayDate(el: Element): boolean {
  let e: Element | null = el;
  for (let depth = 0; e && depth < 3; e = e.parentElement, depth++) {
    if (TODAY_RE.test(`${e.getAttribute('class') ?? ''} ${e.getAttribute('id') ?? ''}`)) return true;
  }
  return false;
}

const BY_RE = /^(?:by|written by|words by|text by|story by|posted by|author:|authors:|von|par|por)\s*:?\s+(.{3,100})$/i;

/** Dates and "By ..." bylines in the text around the headline (the article header). */
function nearHeadline(doc: Doc, headline: Element | null, known: ReadonlySet<string>): { dates: string[]; bylines: string[]; posted: string[]; labelled: string[] } {
  const texts: { text: string; el: Element }[] = [];
  let h1At = -1;
  const body = doc.body ?? doc.documentElement;
  if (!body) return { dates: [], bylines: [], posted: [], labelled: [] };
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
      const d = parseHumanDate(t, known);
      if (d) {
        byDates.push(d);
        break;
      }
    }
  }
  // a "Written by" / "Author:" label anywhere (an author box) and the name that follows it
  const labelled: string[] = [];
  for (let i = 0; i < texts.length - 1 && labelled.length < 1; i++) {
    if (!/^(?:written by|posted by|author|authored by|about the author|by)\s*:?$/i.test(texts[i]!.text)) continue;
    const next = texts[i + 1]!.text;
    if (next.length >= 3 && next.length <= 60) labelled.push(next);
  }
  // "Posted on April 13, 2023" / "Published: 13.04.2023" anywhere in the page: a last resort
  const posted: string[] = [];
  for (let i = 0; i < texts.length && posted.length < 1; i++) {
    const t = texts[i]!.text;
    if (t.length > 80 || !/^(?:posted|published|publication date|date published)\b/i.test(t)) continue;
    const d = parseHumanDate(t, known) ?? (texts[i + 1] && texts[i + 1]!.text.length <= 40 ? parseHumanDate(texts[i + 1]!.text, known) : null);
    if (d) posted.push(d);
  }
  const from = h1At >= 0 ? Math.max(0, h1At - 15) : 0;
  const to = h1At >= 0 ? Math.min(texts.length, h1At + 80) : Math.min(texts.length, 120);
  const dates: string[] = [];
  const bylines: string[] = [];
  for (let i = from; i < to; i++) {
    const { text, el } = texts[i]!;
    if (text.length <= 120 && dates.length < 3) {
      const d = parseHumanDate(text, known);
      if (d && !isTodayDate(el)) dates.push(d);
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
  return { dates: dates.length ? dates : byDates, bylines, posted, labelled };
}

export const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

const BLOCK_TAGS = new Set(['br', 'div', 'p', 'li', 'ul', 'ol', 'section', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'td', 'th', 'blockquote', 'figure', 'figcaption', 'hr']);
const BLOCK_CLASS = /^(?:block|d-block|flex)$/;

/**
 * An element's text with a space where a <br> or a block child breaks the line
 * ("WEEKEND<br>CODING" reads "WEEKEND CODING", not "WEEKENDCODING").
 */
export function spacedText(el: Element): string {
  let out = '';
  const walk = (n: Node): void => {
    if (n.nodeType === 3) {
      out += n.nodeValue ?? '';
      return;
    }
    if (n.nodeType !== 1) return;
    const e = n as Element;
    const tag = e.tagName.toLowerCase();
    if (tag === 'script' || tag === 'style' || tag === 'noscript') return;
    const block = BLOCK_TAGS.has(tag) || (e.getAttribute('class') ?? '').split(/\s+/).some((t) => BLOCK_CLASS.test(t));
    if (block) out += ' ';
    for (let ch = e.firstChild; ch; ch = ch.nextSibling) walk(ch);
    if (block) out += ' ';
  };
  walk(el);
  return clean(out);
}

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
    const v = fixMojibake(clean(decodeEntities(value ?? '')));
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
  add(c.published, 'meta2', mget('pubdate', 'publishdate', 'publish_date', 'publish-date', 'publication_date', 'parsely-pub-date', 'sailthru.date', 'dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.date', 'dcterms.created', 'dc.date.created', 'article.published', 'originalpublicationdate', 'citation_publication_date', 'citation_date', 'date', 'displaydate', 'article_date_original', 'cxenseparse:recs:publishtime', 'release_date', 'created', 'published', 'published-date', 'published_date', 'publisheddate', 'date-published', 'publication-date', 'article:published_date', 'post_date', 'post-date'));
  add(c.modified, 'meta', mget('article:modified_time', 'og:updated_time', 'article:modified', 'modified_time', 'datemodified', 'last-modified', 'dcterms.modified', 'lastmod'));
  add(c.lang, 'meta', mget('content-language', 'language', 'dc.language', 'og:locale'));
  add(c.siteName, 'og', mget('og:site_name', 'application-name', 'publisher', 'dc.publisher', 'twitter:site'));
  add(c.image, 'og', mget('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src', 'thumbnail'));

  // microdata and <time>
  // microdata dates that disagree among themselves belong to a list of teasers (related stories,
  // a sidebar): a weak source, read after the date by the headline
  const itemDates = Array.from(doc.querySelectorAll('[itemprop="datePublished"], [itemprop="dateCreated"]')).slice(0, 10)
    .map((el) => el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent);
  const itemDays = new Set(itemDates.map((v) => parseDate(clean(v))?.slice(0, 10)).filter(Boolean));
  for (const v of itemDates.slice(0, 3)) add(c.published, itemDays.size > 1 ? 'itemlist' : 'itemprop', v);
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
  // any other element whose class names the author ("author-box__name", "resource-author-details")
  // holding a short text: a weak source
  let authorClass = 0;
  for (const el of Array.from(doc.querySelectorAll('[class*="author" i]')).slice(0, 30)) {
    if (el.childElementCount > 6 || /^(?:body|html|main|article|section)$/i.test(el.tagName)) continue;
    const t = spacedText(el);
    if (t.length < 3 || t.length > 50 || /\d{3}/.test(t)) continue;
    add(c.byline, 'authorclass', t);
    if (++authorClass >= 2) break;
  }

  // canonical URLs and the dates in their paths (before the text dates, which they help read)
  add(c.canonical, 'link', doc.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  add(c.canonical, 'og', mget('og:url', 'twitter:url'));
  if (pageUrl) add(c.canonical, 'url', pageUrl);
  for (const u of [...c.canonical.map((x) => x.value)]) add(c.published, 'urlpath', dateFromUrl(resolveUrl(u, pageUrl)));

  // elements whose class names a date ("post-date", "published", "entry_update"): a last resort
  let classDates = 0;
  const known = knownDays(c.published);
  for (const el of Array.from(doc.querySelectorAll('[class*="date" i], [class*="publish" i], [class*="posted" i], [class*="update" i], [class*="time" i]')).slice(0, 40)) {
    const t = clean(el.textContent);
    if (!t || t.length > 100) continue;
    const d = parseDate(t, known);
    if (d && !isTodayDate(el)) {
      add(c.published, 'classdate', d);
      if (++classDates >= 2) break;
    }
  }

  // <title>, <h1>: an h1 that is the site's logo or a link home is not the headline
  const h1s = Array.from(doc.querySelectorAll('h1')).slice(0, 6);
  let headline: Element | null = null;
  for (const h of h1s) {
    const plausible = isHeadlineH1(h, c.siteName.map((x) => x.value));
    add(c.title, plausible ? 'h1' : 'h1x', spacedText(h));
    if (plausible && !headline) headline = h;
  }
  headline ??= doc.querySelector('article h1, article h2, main h2, [role="main"] h2, [class*="title" i]');
  const near = nearHeadline(doc, headline, known);
  for (const t of near.dates) add(c.published, 'near', t);
  for (const t of near.bylines) add(c.byline, 'near', t);
  for (const t of near.labelled) add(c.byline, 'label', t);
  for (const m of rawHtml.matchAll(SCRIPT_AUTHOR_RE)) {
    add(c.byline, 'script', m[1]);
    break;
  }
  for (const t of near.posted) add(c.published, 'posted', t);
  for (const m of rawHtml.matchAll(SCRIPT_DATE_RE)) {
    add(c.published, 'script', m[1]);
    if (c.published.filter((x) => x.source === 'script').length >= 2) break;
  }
  add(c.title, 'title', doc.querySelector('title')?.textContent);

  // language
  add(c.lang, 'html', doc.documentElement?.getAttribute('lang') ?? doc.documentElement?.getAttribute('xml:lang'));
  return c;
}

const TITLE_SEPARATORS = /\s+(?:[|\-–—:·•»«/]|::)\s+/;

function normTitle(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Strips a site-name suffix or prefix ("Headline | Site", "Site - Headline"). */
export function stripSiteName(title: string, siteNames: string[]): string {
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

/** The metadata title (site name stripped) that most sources give, and how many give it. */
function topMetaTitle(c: MetaCandidates, siteNames: string[]): { n: number; v: string } | null {
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
  return top;
}


export function chooseTitle(c: MetaCandidates): string | null {
  const t = pickTitle(c);
  return t ? dropTagline(t) : t;
}

const TAGLINE_RE = /^(.+?)\s+[-–—|]\s+(.+)$/;

/**
 * "Headline – Short Tagline": a headline of three words or more followed by one short segment
 * (up to four words, not a lowercase continuation of the sentence) after a spaced dash or bar is
 * the headline; the segment is a subtitle or a tagline ("– Top 19 Companies", "- Part 1").
 */
export function dropTagline(title: string): string {
  const m = TAGLINE_RE.exec(title);
  if (!m) return title;
  const [, head, tail] = m as unknown as [string, string, string];
  if (TAGLINE_RE.test(tail)) return title;
  const words = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words(head) < 3 || words(tail) > 4 || /^\p{Ll}/u.test(tail)) return title;
  return head.trim();
}

function pickTitle(c: MetaCandidates): string | null {
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
  const top = topMetaTitle(c, siteNames);
  const agreed = top && top.n >= 2 ? top.v : null;
  const agreedWords = new Set(normTitle(agreed ?? '').split(' '));
  const isLabel = (h: string): boolean => agreed !== null && h.split(/\s+/).length < 4 && !normTitle(h).split(' ').every((w) => agreedWords.has(w));
  // a headline is under 200 characters; a longer <h1> is a description or a call to action
  const readable = h1s.filter((h) => h.length >= 8 && h.length <= 200 && /\s/.test(h));
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
  if (agreed) return agreed;
  const best = pick(c.title, 'ld', 'og', 'twitter', 'itemprop', 'meta', 'ldpage');
  if (best) return stripSiteName(best, siteNames);
  const t = pick(c.title, 'title');
  return t ? stripSiteName(t, siteNames) : h1s[0] ?? null;
}

const BYLINE_JUNK = /^(view all posts by|all posts by|posts by|articles by|stories by|more by|more from|by|posted by|written by|words by|text by|story by|author|authors|von|par|por|de)\s*:?\s+/i;
const UI_WORDS = /\b(login|log in|sign in|sign up|profile|learn more|read more|more|bluesky|twitter|facebook|linkedin|instagram|posts|view all|follow|subscribe|contact|share|menu|home|contributors|admin|guest|newsletter|comments?|reply|about|help)\b/i;

// an author box: "Jane Doe is a freelance writer ...", "Jane Doe has covered ..."
const BIO_RE = /^((?:[\p{Lu}][\p{L}'’.-]*\s+){1,3}[\p{Lu}][\p{L}'’-]+)\s+(?:is|was|has|covers|writes|joined)\s+(?:a|an|the|been|covered|written|worked|\p{Ll}+ed)\b/u;
// a date after the name: "Ziyi Xu, Dec 17, 2025", "Jane Doe · 12/17/2025"
const TRAILING_DATE_RE = new RegExp(`\\s*[,|·•–—-]\\s*(?:on\\s+)?(?:(?:${'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec'}|january|february|march|april|june|july|august|september|october|november|december)\\.?\\s+\\d{1,2}\\b|\\d{1,2}\\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}).*$`, 'i');

function cleanByline(s: string): string | null {
  // an e-mail address next to the name goes; leading punctuation (", USA TODAY") too
  let v = clean(s).replace(/\s*\(?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b\)?/g, '').replace(/^[\s,;:|·•–—-]+/, '').replace(BYLINE_JUNK, '').trim();
  const bio = BIO_RE.exec(v);
  if (bio && v.length > bio[1]!.length + 20) v = bio[1]!;
  v = v.replace(TRAILING_DATE_RE, '');
  v = v.replace(/\s*[|•·]\s*.*$/, '').replace(/\s*,?\s+(updated|published|posted|last updated|on)\b.*$/i, '').trim();
  v = v.replace(/\s*(?:—|–|-)\s*$/, '').trim();
  if (v.length < 2 || v.length > 150 || isUrl(v) || v.includes('@')) return null;
  // a template placeholder ("page.head.extra.author", "{{ author.name }}")
  if (/[{}]|^[\w-]+(?:\.[\w-]+)*\.(?:author|name|byline|creator)$/i.test(v)) return null;
  if (!/\p{L}/u.test(v)) return null;
  if (/^(admin|administrator|staff|guest|unknown|null|undefined|author|anonymous)$/i.test(v)) return null;
  if (/^(posted|written|published|updated|by|on|in)\b/i.test(v)) return null;
  if (/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i.test(v)) return null;
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
  byclass: 1.5, 'meta:byline': 1.5, ldorg: 1.5, ldpageorg: 1, 'meta:twitter:creator': -1, label: 1.5, script: 1.5, authorclass: 0.75,
};

const AGREE_BONUS = 0.75;
const ORG_WORDS = /\b(?:foundation|news|media|group|inc|llc|ltd|team|staff|institute|university|college|association|society|council|magazine|blog|press|times|journal|daily|weekly|network|agency|company|corporation|clinic|hospital|health|center|centre|department|office|services?|solutions|studio|labs?)\b/i;
const SITE_PENALTY = 2;

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
  // a name that several sources give (metadata, the visible byline, the author link) is the author
  const normName = (x: string): string => x.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  // sources that read the same thing count once: author links, author-classed elements and
  // byline elements are often one element; the text by the headline and a "Written by" label too
  const family = (src: string): string =>
    src === 'relauthor' || src === 'authorclass' || src === 'byclass' ? 'element'
      : src === 'near' || src === 'label' ? 'text'
        : src.startsWith('ld') ? 'ld'
          : src.startsWith('meta:') ? 'meta'
            : src;
  const named = new Map<string, Set<string>>();
  for (const [src, vals] of groups) {
    // Readability reads the same meta tags again; author-classed elements are a weak source
    if (src === 'readability' || src === 'authorclass') continue;
    for (const v of vals) {
      const k = normName(v);
      if (!k) continue;
      const set = named.get(k) ?? new Set<string>();
      set.add(family(src));
      named.set(k, set);
    }
  }
  let best: { v: string; score: number; src: string; names: string[] } | null = null;
  for (const [src, vals] of groups) {
    const isList = src === 'ld' || src === 'itemprop' || src.startsWith('meta:');
    // a list source gives all its names; another source's first values are candidates in turn
    const options = isList ? [vals.slice(0, 6)] : vals.slice(0, 3).map((x) => [x]);
    for (const [i, names] of options.entries()) {
      const v = names.join(', ');
      if (v.length > 200) continue;
      let score = (BYLINE_PRIOR[src] ?? 1) + nameScore(v) - 0.25 * i;
      const givers = named.get(normName(names[0]!));
      const others = givers ? givers.size - (givers.has(family(src)) ? 1 : 0) : 0;
      score += AGREE_BONUS * Math.min(others, 3);
      // the site's own name: an author where nothing else is, above all when JSON-LD declares
      // the organization the author (a person that JSON-LD names as the author of a site named
      // after them is the author)
      if (sites.includes(v.toLowerCase()) && (src !== 'ld' || ORG_WORDS.test(v))) score -= src === 'ldorg' || src === 'ldpageorg' ? SITE_PENALTY / 2 : SITE_PENALTY;
      if (!best || score > best.score) best = { v, score, src, names };
    }
  }
  if (!best || best.score <= 0) return null;
  // several names from metadata: the byline as the page shows it ("A, B, and C") when it names them all
  if (best.names.length > 1) {
    const want = best.names.map(normName);
    for (const src of ['near', 'byclass']) {
      const shown = groups.get(src)?.find((x) => x.length <= 200 && want.every((w) => normName(x).includes(w)));
      if (shown) return shown;
    }
  }
  return best.v;
}

// sources whose values are read from visible text or from teaser lists (their day is not
// independent evidence)
const TEXT_DATE_SOURCES = new Set(['near', 'classdate', 'posted', 'itemlist']);

/** The days (YYYY-MM-DD) that machine-readable values give, to settle "02-12-2025" readings. */
export function knownDays(list: { source: string; value: string }[]): Set<string> {
  const days = new Set<string>();
  for (const x of list) {
    if (TEXT_DATE_SOURCES.has(x.source)) continue;
    const m = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(x.value);
    if (m) days.add(m[1]!);
  }
  return days;
}

export function chooseDate(list: { source: string; value: string }[], order: string[]): string | null {
  const known = knownDays(list);
  for (const src of order) {
    for (const x of list) {
      if (x.source !== src) continue;
      const d = parseDate(x.value, known);
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

const MACHINE_SOURCES = new Set(['ld', 'meta', 'itemprop', 'timepub', 'meta2', 'ldpage', 'time', 'script']);
const LD_ONLY_SOURCES = new Set(['ld', 'ldpage', 'script']);
const DAY_MS = 86_400_000;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The publication date. Metadata first (JSON-LD, meta, microdata, <time pubdate>, ...), then
 * other <time> elements, the date shown by the headline, dates in scripts, the URL's date, dates
 * in date-named elements, a "Posted on ..." line anywhere. Where the date shown by the headline
 * disagrees with the metadata's (publisher-local calendar days, as parseDate keeps the offset):
 * - shown EARLIER: the page shows its original publication date and the metadata (JSON-LD,
 *   article:published_time, or a Dublin Core / other named meta date) carries a republication
 *   (wcxb-dev: 11 to 0), unless the shown day is the local day of a
 *   machine-readable value (the same instant in another time zone), or two metadata sources
 *   agree on the later day and nothing machine-readable gives the earlier one;
 * - shown LATER by more than a day, and only JSON-LD gives the metadata's date (no
 *   article:published_time, microdata or <time pubdate> agrees): the page's visible date is the
 *   one it stands by; JSON-LD's datePublished is often the post's first draft
 *   (wcxb-dev: 18 to 3). The visible day keeps the time of a modified value of that day.
 */
export function choosePublished(c: MetaCandidates): string | null {
  const d = chooseDate(c.published, PUBLISHED_ORDER);
  if (!d) return null;
  const near = c.published.find((x) => x.source === 'near');
  const nearIso = near ? parseDate(near.value) : null;
  if (!nearIso) return d;
  const day = d.slice(0, 10);
  const nearDay = nearIso.slice(0, 10);
  // each candidate's local day, parsed once
  const days = c.published.map((x) => ({ ...x, day: parseDate(x.value)?.slice(0, 10) }));
  const sourcesOfDay = days.filter((x) => x.day === day).map((x) => x.source);
  if (!sourcesOfDay.includes('ld') && !sourcesOfDay.includes('meta') && !sourcesOfDay.includes('meta2')) return d;
  const diff = (Date.parse(nearDay) - Date.parse(day)) / DAY_MS;
  if (diff < 0) {
    const machine = days.filter((x) => MACHINE_SOURCES.has(x.source));
    // two independent metadata sources agree on the day and nothing machine-readable gives the
    // earlier day: the earlier date by the headline is something else (a related story, an event)
    const fam = (src: string): string => (src === 'ldpage' ? 'ld' : src);
    const agreeing = new Set(machine.filter((x) => x.source !== 'script' && x.day === day).map((x) => fam(x.source)));
    const nearBacked = machine.some((x) => x.day === nearDay);
    if (agreeing.size >= 2 && !nearBacked) return d;
    // local days of machine-readable instants (a time of day and a UTC offset)
    if (machine.some((x) => INSTANT_RE.test(x.value) && x.day === nearDay)) return d;
    // the day before an instant early in the UTC day (02:17Z): that instant's day west of Greenwich
    const t = Date.parse(d);
    const utcDay = new Date(t).toISOString().slice(0, 10);
    const westDay = new Date(t - 14 * 3_600_000).toISOString().slice(0, 10);
    if (!d.endsWith('T00:00:00.000Z') && westDay === nearDay && utcDay !== nearDay) return d;
    return nearIso;
  }
  if (diff > 1 && sourcesOfDay.every((s) => LD_ONLY_SOURCES.has(s) || s === 'near' || s === 'classdate')) {
    return chooseDate([{ source: 'near', value: nearIso }, ...c.modified.map((x) => ({ ...x, source: 'mod' }))], ['near']) ?? nearIso;
  }
  return d;
}

export const PUBLISHED_ORDER = ['ld', 'meta', 'itemprop', 'timepub', 'meta2', 'ldpage', 'time', 'near', 'itemlist', 'script', 'urlpath', 'classdate', 'posted'];

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
