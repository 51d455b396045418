// JSON-LD: pulls the <script type="application/ld+json"> blocks out of raw HTML and finds the
// article object (NewsArticle and friends, inside @graph, arrays or mainEntity).

export type JsonObject = Record<string, unknown>;

const LD_RE = /<script\b[^>]*type\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script\s*>/gi;

/** Lenient JSON parse: tolerates raw control characters in strings, comments, trailing commas. */
function parseLenient(text: string): unknown {
  const t = text.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/^<!--|-->$/g, '').trim();
  if (!t) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    try {
      const fixed = t.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1');
      return JSON.parse(fixed);
    } catch {
      return undefined;
    }
  }
}

/** Every JSON-LD block of the page, parsed (blocks that do not parse are skipped). */
export function jsonLdBlocks(html: string): unknown[] {
  const out: unknown[] = [];
  for (const m of html.matchAll(LD_RE)) {
    const v = parseLenient(m[1] ?? '');
    if (v !== undefined) out.push(v);
  }
  return out;
}

export function types(o: JsonObject): string[] {
  const t = o['@type'];
  if (typeof t === 'string') return [t.replace(/^.*[/#:]/, '')];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
  return [];
}

/** All objects in the blocks, depth first, including @graph members and nested values. */
export function flatten(blocks: unknown[]): JsonObject[] {
  const out: JsonObject[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 8 || v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as JsonObject;
    out.push(o);
    for (const [k, x] of Object.entries(o)) if (k === '@graph' || k === 'mainEntity' || k === 'mainEntityOfPage' || k === 'hasPart' || k === 'itemListElement' || k === 'about' || k === 'subjectOf') walk(x, depth + 1);
  };
  for (const b of blocks) walk(b, 0);
  return out;
}

const ARTICLE_TYPES = new Set([
  'Article', 'NewsArticle', 'BlogPosting', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle',
  'ReviewNewsArticle', 'BackgroundNewsArticle', 'AskPublicNewsArticle', 'SatiricalArticle', 'LiveBlogPosting',
  'TechArticle', 'ScholarlyArticle', 'Report', 'SocialMediaPosting', 'DiscussionForumPosting', 'MedicalScholarlyArticle',
  'Blog', 'Review', 'Recipe', 'HowTo', 'APIReference', 'AdvertiserContentArticle', 'PressRelease',
]);
const PAGE_TYPES = new Set(['WebPage', 'ItemPage', 'AboutPage', 'MedicalWebPage', 'FAQPage', 'QAPage', 'ProfilePage', 'CollectionPage']);

export function isArticleType(o: JsonObject): boolean {
  return types(o).some((t) => ARTICLE_TYPES.has(t));
}
export function isPageType(o: JsonObject): boolean {
  return types(o).some((t) => PAGE_TYPES.has(t));
}

export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = str(x);
      if (s) return s;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    const o = v as JsonObject;
    return str(o['@value'] ?? o['name'] ?? o['url'] ?? o['@id']);
  }
  return null;
}

/** Names of an author value: a string, a Person/Organization, or an array of either. */
export function names(v: unknown): string[] {
  if (v == null) return [];
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.flatMap(names);
  if (typeof v === 'object') {
    const o = v as JsonObject;
    const n = o['name'];
    if (typeof n === 'string' && n.trim()) return [n.trim()];
    if (Array.isArray(n)) return names(n);
    const given = typeof o['givenName'] === 'string' ? o['givenName'] : '';
    const family = typeof o['familyName'] === 'string' ? o['familyName'] : '';
    const full = `${given} ${family}`.trim();
    return full ? [full] : [];
  }
  return [];
}

export function imageUrl(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (Array.isArray(v)) return v.length ? imageUrl(v[0]) : null;
  if (v && typeof v === 'object') {
    const o = v as JsonObject;
    return imageUrl(o['url'] ?? o['contentUrl'] ?? o['@id']);
  }
  return null;
}
