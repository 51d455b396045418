import { Readability } from '@mozilla/readability';
import { cleanBlocks, dropTeasers, preClean, protectContentTags, pruneBlocks } from './clean.js';
import { parseDom, prepareHtml } from './dom.js';
import { jsonLdBlocks } from './jsonld.js';
import { detectLang } from './lang.js';
import {
  chooseByline, chooseCanonical, chooseDate, chooseImage, chooseLang, choosePublished, chooseSiteName, chooseTitle,
  collectCandidates, type MetaCandidates,
} from './metadata.js';
import { notArticleReason } from './classify.js';
import { chooseCandidate, containerBlocks } from './container.js';
import { densestBlocks, ldArticleBody } from './fallback.js';
import { blocksToText, textLength, toBlocks, type Block } from './text.js';
import type { ExtractOptions, ExtractedArticle } from './types.js';

export interface ExtractDebug {
  candidates: MetaCandidates;
  blocks: Block[];
}

const FALLBACK_BELOW = 2000;
const LIST_LINK_DENSITY = 0.9;

/**
 * Readability's conditional clean-up drops lists and tables with more items than paragraphs,
 * which removes the lists and tables of many stories. Here a list or table goes only when it is
 * mostly links (navigation, "related" lists). Patches the instance's (private, pinned-version)
 * `_cleanConditionally` for the "ul" and "table" passes.
 */
function keepStoryListsAndTables(reader: object): void {
  const r = reader as { _cleanConditionally?: (e: Element, tag: string) => void };
  const orig = r._cleanConditionally;
  if (typeof orig !== 'function') return;
  r._cleanConditionally = function (this: unknown, e: Element, tag: string): void {
    if (tag !== 'ul' && tag !== 'table') {
      orig.call(this, e, tag);
      return;
    }
    const sel = tag === 'ul' ? 'ul' : 'table';
    for (const el of Array.from(e.querySelectorAll(sel)).reverse()) {
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (!text) {
        if (!el.querySelector('img')) el.remove();
        continue;
      }
      let linkLen = 0;
      for (const a of Array.from(el.querySelectorAll('a'))) linkLen += (a.textContent ?? '').replace(/\s+/g, ' ').trim().length;
      if (linkLen / text.length > LIST_LINK_DENSITY) el.remove();
    }
  };
}

function emptyResult(reason: string, opts: ExtractOptions, error?: string): ExtractedArticle {
  return {
    isArticle: false, notArticleReason: reason, title: null, byline: null, publishedAt: opts.feedPublishedAt ?? null,
    modifiedAt: null, lang: null, canonicalUrl: opts.url ?? null, siteName: null, image: null, text: '',
    ...(error ? { error } : {}),
  };
}

/**
 * HTML -> article: text (paragraphs separated by blank lines) and metadata. Synchronous and
 * pure; never throws for anything a page contains (a failure is reported in `error`).
 */
export function extractArticle(html: string, opts: ExtractOptions = {}, debug?: (d: ExtractDebug) => void): ExtractedArticle {
  if (typeof html !== 'string' || !html.trim()) return emptyResult('empty page', opts);
  const url = opts.url ?? null;
  let dom: ReturnType<typeof parseDom> | null = null;
  try {
    const ld = jsonLdBlocks(html);
    const prepared = prepareHtml(html);
    dom = parseDom(prepared.html, opts.dom ?? 'linkedom', prepared.parts);
    const doc = dom.document;
    const cand = collectCandidates(doc, ld, url, html);
    const title = chooseTitle(cand);
    const h1Count = doc.querySelectorAll('h1').length;
    const links = Array.from(doc.querySelectorAll('body a[href]'));
    const page = {
      links: links.length,
      linkChars: links.reduce((n, a) => n + (a.textContent ?? '').replace(/\s+/g, ' ').trim().length, 0),
      chars: (doc.body?.textContent ?? '').replace(/\s+/g, ' ').trim().length,
    };
    if (!opts.raw) preClean(doc);
    const container = opts.raw ? [] : containerBlocks(doc);
    if (!opts.raw) protectContentTags(doc);
    let parsed: ReturnType<Readability<Element>['parse']> = null;
    try {
      const reader = new Readability<Element>(doc, { serializer: (el) => el as Element, keepClasses: true });
      if (!opts.raw) keepStoryListsAndTables(reader);
      parsed = reader.parse();
    } catch {
      parsed = null;
    }
    let blocks = parsed?.content ? toBlocks(parsed.content) : [];
    if (!opts.raw) {
      // Readability's trailing teaser list goes first, so that the container's paragraphs are not
      // filled in up to its end
      blocks = chooseCandidate(dropTeasers(cleanBlocks(blocks, { title })), cleanBlocks(container, { title }));
      // Readability found little: try the JSON-LD articleBody and the densest container
      const chars = textLength(blocks);
      if (chars < FALLBACK_BELOW) {
        const fresh = parseDom(prepared.html, 'linkedom', prepared.parts);
        try {
          preClean(fresh.document);
          for (const alt of [ldArticleBody(ld), densestBlocks(fresh.document)]) {
            const cleaned = cleanBlocks(alt, { title });
            const n = textLength(cleaned);
            if (n > Math.max(2 * textLength(blocks), textLength(blocks) + 500)) blocks = cleaned;
          }
        } finally {
          fresh.close();
        }
      }
    }
    if (!opts.raw) blocks = pruneBlocks(blocks);
    const text = blocksToText(blocks);
    debug?.({ candidates: cand, blocks });
    const canonicalUrl = chooseCanonical(cand, url);
    const modifiedAt = chooseDate(cand.modified, ['ld', 'meta', 'itemprop', 'ldpage']);
    // no publication date anywhere: the feed's date, else the page's last-modified date
    const publishedAt = choosePublished(cand) ?? opts.feedPublishedAt ?? modifiedAt;
    const ogType = doc.querySelector('meta[property="og:type"]')?.getAttribute('content') ?? null;
    const reason = notArticleReason({ text, blocks, candidates: cand, url: canonicalUrl ?? url, h1Count, ogType, page });
    return {
      isArticle: reason === null,
      notArticleReason: reason,
      title: title ?? (parsed?.title ? parsed.title.trim() : null) ?? null,
      byline: chooseByline(cand, parsed?.byline ?? null),
      // The output is UTC ISO, as the format asks (the parsers keep the page's offset internally).
      publishedAt: toUtc(publishedAt),
      modifiedAt: toUtc(modifiedAt),
      lang: chooseLang(cand) ?? detectLang(text),
      canonicalUrl,
      siteName: chooseSiteName(cand) ?? parsed?.siteName ?? null,
      image: chooseImage(cand, canonicalUrl ?? url),
      text,
    };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return emptyResult('extraction failed', opts, `extraction failed${url ? ` for ${url}` : ''}: ${msg}`);
  } finally {
    dom?.close();
  }
}

/** An ISO instant with any offset, as UTC ISO (`…Z`). */
function toUtc(iso: string | null): string | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
