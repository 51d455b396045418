import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ExtractOptions, ExtractedArticle } from './types.js';

/** First form: Readability on linkedom. */
export function extractArticle(html: string, opts: ExtractOptions = {}): ExtractedArticle {
  const { document } = parseHTML(html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ''));
  const lang = document.documentElement?.getAttribute('lang') ?? null;
  const parsed = new Readability(document as unknown as Document).parse();
  const text = (parsed?.textContent ?? '')
    .split(/\n\s*\n|\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
  return {
    isArticle: text.length > 0,
    notArticleReason: text.length > 0 ? null : 'no article text found',
    title: parsed?.title ?? null,
    byline: parsed?.byline ?? null,
    publishedAt: parsed?.publishedTime ? new Date(parsed.publishedTime).toISOString() : (opts.feedPublishedAt ?? null),
    modifiedAt: null,
    lang: parsed?.lang ?? lang,
    canonicalUrl: opts.url ?? null,
    siteName: parsed?.siteName ?? null,
    image: null,
    text,
  };
}
