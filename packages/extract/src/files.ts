import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { decodeHtml } from './charset.js';
import type { ExtractedArticle, ExtractOptions } from './types.js';

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

/** Reads a `.html` or `.html.gz` file and decodes its bytes to a string. */
export async function readHtmlFile(path: string): Promise<string> {
  let bytes: Uint8Array = await readFile(path);
  if (path.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b)) bytes = gunzipSync(bytes);
  return decodeHtml(bytes);
}

function errorLine(file: string, url: string | null, message: string): ExtractFileLine {
  return {
    file, url, title: null, byline: null, publishedAt: null, modifiedAt: null, lang: null, canonicalUrl: null,
    siteName: null, image: null, isArticle: false, notArticleReason: 'error', text: '', error: message,
  };
}

/** Yields one JSON-ready object per file, in order; a file that fails gets `text: ""` and `error`. */
export async function* extractFiles(paths: readonly string[], opts: ExtractFilesOptions = {}): AsyncGenerator<ExtractFileLine> {
  const url = opts.url ?? null;
  // The extractor itself (DOM, Readability, language data: a second to load) only when no pool does the work.
  const run = opts.extract ?? (await import('./extract.js')).extractArticle;
  for (const file of paths) {
    try {
      const html = await readHtmlFile(file);
      const a = await run(html, { url });
      yield { file, url, ...a };
    } catch (err) {
      yield errorLine(file, url, `${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
