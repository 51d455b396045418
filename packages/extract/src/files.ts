import { readFile } from 'node:fs/promises';
import { gunzipLimited, isGzip } from '@newsline/formats';
import { assertText, decodeHtml } from './charset.js';
import { extractArticle } from './extract.js';
import type { ExtractedArticle, ExtractOptions } from './types.js';

/** Largest page read from a file or stored copy, after decompression (the extraction pool's limit too). */
export const MAX_PAGE_BYTES = 10 * 1024 * 1024;

/** One line of `newsline extract FILE...` (see shared/eval/README.md): the article and where it came from. */
export interface ExtractFileLine extends ExtractedArticle {
  file: string;
  url: string | null;
}

export interface ExtractFilesOptions {
  /** The page URL, applied to every file (usually given with a single file). */
  url?: string | null;
  /** Extract with this function instead of the synchronous in-thread one (e.g. a pool's `extract`). */
  extract?: (html: string, opts: ExtractOptions) => Promise<ExtractedArticle> | ExtractedArticle;
}

/**
 * Page bytes as read from a `.html` or `.html.gz` file (or a stored gzip copy) -> string: gzip
 * unpacked within MAX_PAGE_BYTES, binary refused, the charset decoded. Errors name `name`.
 */
export function decodePageBytes(bytes: Uint8Array, name: string, contentType?: string | null): string {
  const plain = isGzip(bytes) ? gunzipLimited(bytes, { limit: MAX_PAGE_BYTES, name }) : bytes;
  return decodeHtml(plain, contentType, name);
}

/**
 * A page as stored by the pipeline (gzip of the page already decoded to UTF-8) -> string: unpacked
 * within MAX_PAGE_BYTES, binary refused (permanently), no second charset detection. Errors name `name`.
 */
export function decodeStoredPage(gz: Uint8Array, name: string): string {
  return assertText(gunzipLimited(gz, { limit: MAX_PAGE_BYTES, name }).toString('utf8'), name);
}

/** Reads a `.html` or `.html.gz` file and decodes its bytes to a string (see decodePageBytes). */
export async function readHtmlFile(path: string): Promise<string> {
  return decodePageBytes(await readFile(path), path);
}

function errorLine(file: string, url: string | null, message: string): ExtractFileLine {
  return {
    file, url, title: null, byline: null, publishedAt: null, modifiedAt: null, lang: null, canonicalUrl: null,
    siteName: null, image: null, isArticle: false, notArticleReason: 'error', text: '', error: message,
  };
}

/** Yields one JSON-ready object per file, in order; a file that fails gets `text: ""` and `error` naming the file. */
export async function* extractFiles(paths: readonly string[], opts: ExtractFilesOptions = {}): AsyncGenerator<ExtractFileLine> {
  const url = opts.url ?? null;
  const run = opts.extract ?? extractArticle;
  for (const file of paths) {
    try {
      const html = await readHtmlFile(file);
      const a = await run(html, { url });
      yield { file, url, ...a };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      yield errorLine(file, url, message.includes(file) ? message : `${file}: ${message}`);
    }
  }
}
