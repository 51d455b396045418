import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { assertText, decodePageBytes } from '@newsline/extract';
import type { ArticleInput } from '@newsline/worker';

/** Per-file metadata for a corpus folder: `manifest.json` beside the files. */
const manifestSchema = z.object({
  articles: z.array(
    z.object({
      file: z.string(),
      url: z.string().optional(),
      title: z.string().optional(),
      publisher: z.string().optional(),
      publishedAt: z.string().optional(),
      language: z.string().optional(),
      byline: z.string().optional(),
    }),
  ),
});
type ManifestEntry = z.infer<typeof manifestSchema>['articles'][number];

/** A JSON article: Newsline's own shape, or news-please's (maintext, date_publish, source_domain). */
const jsonArticleSchema = z
  .object({
    url: z.string().nullish(),
    title: z.string().nullish(),
    text: z.string().nullish(),
    maintext: z.string().nullish(),
    html: z.string().nullish(),
    publishedAt: z.string().nullish(),
    date_publish: z.string().nullish(),
    publisher: z.string().nullish(),
    source_domain: z.string().nullish(),
    language: z.string().nullish(),
    byline: z.string().nullish(),
    authors: z.array(z.string()).nullish(),
  })
  .passthrough();

export const ARTICLE_EXTENSIONS = ['.txt', '.html', '.htm', '.html.gz', '.json'];

export type CorpusItem = { file: string; input: ArticleInput } | { file: string; error: string };

function articleExtension(file: string): string | null {
  const lower = file.toLowerCase();
  return ARTICLE_EXTENSIONS.find((e) => lower.endsWith(e)) ?? null;
}

/** Lists the article files under the given paths (folders are read one level deep, sorted). */
export async function listCorpusFiles(paths: string[]): Promise<{ files: string[]; errors: { file: string; error: string }[] }> {
  const files: string[] = [];
  const errors: { file: string; error: string }[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      errors.push({ file: p, error: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n !== 'manifest.json' && articleExtension(n)).sort();
      if (names.length === 0) errors.push({ file: p, error: `no article files (${ARTICLE_EXTENSIONS.join(', ')}) in this folder` });
      files.push(...names.map((n) => join(p, n)));
    } else if (articleExtension(p)) {
      files.push(p);
    } else {
      errors.push({ file: p, error: `not an article file (expected ${ARTICLE_EXTENSIONS.join(', ')})` });
    }
  }
  return { files, errors };
}

const manifests = new Map<string, Promise<Map<string, ManifestEntry>>>();

async function manifestFor(dir: string): Promise<Map<string, ManifestEntry>> {
  const key = resolve(dir);
  let m = manifests.get(key);
  if (!m) {
    m = (async () => {
      const path = join(dir, 'manifest.json');
      let raw: string;
      try {
        raw = await readFile(path, 'utf8');
      } catch {
        return new Map();
      }
      const parsed = manifestSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) throw new Error(`${path}: not a manifest (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return new Map(parsed.data.articles.map((a) => [a.file, a]));
    })();
    manifests.set(key, m);
  }
  return m;
}

/** Reads one article file into a pipeline input, or says why it cannot. */
export async function readCorpusFile(file: string): Promise<CorpusItem> {
  try {
    const ext = articleExtension(file);
    if (ext === null) return { file, error: `unsupported file type ${JSON.stringify(extname(file))}` };
    const name = basename(file);
    const meta = (await manifestFor(dirname(file))).get(name);
    const sourceKey = meta?.url ?? `file:${basename(dirname(resolve(file)))}/${name}`;
    const common = {
      sourceKey,
      url: meta?.url ?? null,
      title: meta?.title ?? null,
      publisher: meta?.publisher ?? null,
      publishedAt: meta?.publishedAt ?? null,
      language: meta?.language ?? null,
      byline: meta?.byline ?? null,
    };
    const bytes = await readFile(file);
    if (bytes.length === 0) return { file, error: 'empty file' };
    switch (ext) {
      case '.txt': {
        // binary refused, stray NULs dropped (Postgres text cannot hold them)
        const text = assertText(bytes.toString('utf8').replace(/^\uFEFF/, ''), file);
        if (!text.trim()) return { file, error: 'no text' };
        return { file, input: { ...common, text } };
      }
      case '.html':
      case '.htm':
      case '.html.gz':
        // gzip unpacked within the page limit, binary refused, charset decoded: as `newsline extract` reads it.
        return { file, input: { ...common, html: decodePageBytes(bytes, file) } };
      case '.json': {
        let data: unknown;
        try {
          data = JSON.parse(bytes.toString('utf8'));
        } catch (err) {
          return { file, error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
        }
        const parsed = jsonArticleSchema.safeParse(data);
        if (!parsed.success) return { file, error: 'not an article object (expected url, title, text or html, publishedAt)' };
        const a = parsed.data;
        const raw = a.text ?? a.maintext ?? null;
        const text = raw === null ? null : assertText(raw, file);
        if (!text?.trim() && !a.html?.trim()) return { file, error: 'the JSON article has no text and no html' };
        return {
          file,
          input: {
            ...common,
            sourceKey: meta?.url ?? a.url ?? sourceKey,
            url: a.url ?? common.url,
            title: a.title ?? common.title,
            publisher: a.publisher ?? a.source_domain ?? common.publisher,
            publishedAt: normaliseDate(a.publishedAt ?? a.date_publish) ?? common.publishedAt,
            language: a.language ?? common.language,
            byline: a.byline ?? a.authors?.join(', ') ?? common.byline,
            text: a.html ? null : text,
            html: a.html ?? null,
          },
        };
      }
      default:
        return { file, error: `unsupported file type ${JSON.stringify(extname(file))}` };
    }
  } catch (err) {
    // The error is reported beside the file's name: do not repeat it.
    const message = err instanceof Error ? err.message : String(err);
    return { file, error: message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message };
  }
}

/** news-please writes "2017-09-01 12:00:00" (no zone; UTC by convention). */
function normaliseDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}
