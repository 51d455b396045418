// Readers for the shared corpora used by the dedupe tests and measurement scripts (never by the
// program itself). A missing corpus is an error that names it, never an empty list; tests that
// measure on ../shared call `skipWithoutShared` first, which skips them LOUDLY.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_DIR, sharedCorpus } from '../support/shared-corpus.js';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedRoot = SHARED_DIR;
export const givemeDir = join(sharedRoot, 'corpora/clusters/giveme5w1h');
export const busyDayDir = join(sharedRoot, 'corpora/clusters/busy-day');
export const seedsDir = join(repoRoot, 'seeds');

/** The shared corpora the dedupe measurements read. */
const SHARED = ['clusters/giveme5w1h/data', 'clusters/busy-day', 'extraction/wcxb-dev/ground-truth'];

/** Why the shared corpora cannot be read (null when they can); warns once on stderr (test/support/shared-corpus.ts). */
export function sharedCorpusMissing(): string | null {
  return SHARED.map((c) => sharedCorpus(c)).find((c) => !c.available)?.skipReason ?? null;
}

/**
 * Skips the running test, loudly, when ../shared is missing: a console warning and a skip note
 * that carries SKIPPED(shared-corpus-missing) (.ci/run fails on any skip).
 */
export function skipWithoutShared(ctx: { skip: (note?: string) => never }): void {
  const missing = sharedCorpusMissing();
  if (!missing) return;
  console.warn(`\n*** ${missing} ***\n`);
  ctx.skip(missing);
}

function requireDir(dir: string): string {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: this needs the shared corpora at ../shared`);
  return dir;
}

export interface CorpusArticle {
  id: string;
  title: string;
  text: string;
  publishedAt: string | null;
  /** Gold event label, where the corpus has one. */
  event?: string;
}

/** The giveme5w1h news-cluster articles, sorted by publication time (then id): a stream. */
export function loadGiveme(): CorpusArticle[] {
  const dir = requireDir(join(givemeDir, 'data'));
  const out: CorpusArticle[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      dId: string;
      title: string | null;
      text: string | null;
      date_publish: string | null;
      newsCluster: { Event: string };
    };
    out.push({
      id: d.dId,
      title: d.title ?? '',
      text: d.text ?? '',
      publishedAt: d.date_publish ? `${d.date_publish}Z` : null,
      event: d.newsCluster.Event,
    });
  }
  return out.sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.id.localeCompare(b.id));
}

/** The seed articles (one story: the Gaza hostage negotiations), with the manifest's dates. */
export function loadSeeds(): CorpusArticle[] {
  const manifest = JSON.parse(readFileSync(join(seedsDir, 'manifest.json'), 'utf8')) as {
    articles: { file: string; publishedAt: string }[];
  };
  return manifest.articles.map((a) => {
    const text = readFileSync(join(seedsDir, a.file), 'utf8');
    const firstLine = text.split('\n').find((l) => l.trim()) ?? '';
    return { id: a.file, title: firstLine.slice(0, 120), text, publishedAt: `${a.publishedAt}T00:00:00Z` };
  });
}

/** Article texts of the extraction ground truth (WCXB dev), those of at least `minWords` words. */
export function loadExtractionTexts(minWords = 150, limit = 200): CorpusArticle[] {
  const dir = requireDir(join(sharedRoot, 'corpora/extraction/wcxb-dev/ground-truth'));
  const out: CorpusArticle[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (out.length >= limit) break;
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { file_id: string; ground_truth: { title?: string; main_content?: string; publish_date?: string } };
    const text = d.ground_truth.main_content ?? '';
    if (text.split(/\s+/).length < minWords) continue;
    out.push({ id: `wcxb-${d.file_id}`, title: d.ground_truth.title ?? '', text, publishedAt: d.ground_truth.publish_date ?? null });
  }
  return out;
}
