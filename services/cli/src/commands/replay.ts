import { errorMessage } from '@newsline/core';
import { ArticlesRepository, articleSetTotals, FINAL_STATUSES, pipelineTotals, type PipelineTotals } from '@newsline/db';
import { enqueueNextStages, ingestArticle, nextStage, type Runtime } from '@newsline/worker';
import { listCorpusFiles, readCorpusFile } from '../corpus.js';
import { createProgress } from '../progress.js';

export interface ReplayOptions {
  enqueueOnly: boolean;
  /** Give up waiting after this long (the jobs stay queued). */
  timeoutMs: number;
  pollMs?: number;
  /** Say why after this long without progress (default 30 s). */
  stallMs?: number;
  out?: (line: string) => void;
}

export interface ReplaySummary {
  files: number;
  badFiles: { file: string; error: string }[];
  newArticles: number;
  alreadyStored: number;
  articles: number;
  duplicates: number;
  stories: number;
  claims: number;
  events: number;
  failed: { articleId: number; error: string }[];
  unfinished: number;
  changed: boolean;
}

/** Loads the files, enqueues them and (unless enqueue-only) waits until the pipeline has processed them. */
export async function replay(rt: Runtime, paths: string[], opts: ReplayOptions): Promise<ReplaySummary> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const before = await pipelineTotals(rt.db);
  const { files, errors: badFiles } = await listCorpusFiles(paths);
  const ids: number[] = [];
  let created = 0;
  for (const file of files) {
    const item = await readCorpusFile(file);
    if ('error' in item) {
      badFiles.push(item);
      continue;
    }
    try {
      const r = await ingestArticle(rt.db, rt.queues, item.input);
      ids.push(r.articleId);
      if (r.created) created++;
    } catch (err) {
      badFiles.push({ file, error: errorMessage(err) });
    }
  }
  for (const b of badFiles) process.stderr.write(`skipped ${b.file}: ${b.error}\n`);
  out(`Enqueued ${ids.length} article${ids.length === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'} (${created} new, ${ids.length - created} already stored).`);

  let unfinished = 0;
  if (!opts.enqueueOnly) unfinished = await waitForArticles(rt, ids, { ...opts, out });

  const after = await pipelineTotals(rt.db);
  const s = await summarise(rt, ids);
  return {
    files: files.length,
    badFiles,
    newArticles: created,
    alreadyStored: ids.length - created,
    ...s,
    unfinished,
    changed: created > 0 || !sameTotals(before, after),
  };
}

/**
 * `replay --from-store`: runs extraction again (and the stages after it) on every stored raw
 * page, with no network. Use it after improving the extractor.
 */
export async function replayFromStore(rt: Runtime, opts: ReplayOptions): Promise<ReplaySummary> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const before = await pipelineTotals(rt.db);
  const articles = new ArticlesRepository(rt.db);
  const ids = await articles.idsWithStoredPage();
  for (const id of ids) {
    await articles.update(id, { status: 'received', last_error: null });
    // A finished job under the same id runs again (fresh attempts), so every stage after runs again.
    await enqueueNextStages(rt.queues, [{ articleId: id, status: 'received' }]);
  }
  out(`Re-extracting ${ids.length} stored page${ids.length === 1 ? '' : 's'}.`);
  const unfinished = opts.enqueueOnly ? 0 : await waitForArticles(rt, ids, { ...opts, out });
  const after = await pipelineTotals(rt.db);
  return {
    files: 0,
    badFiles: [],
    newArticles: 0,
    alreadyStored: ids.length,
    ...(await summarise(rt, ids)),
    unfinished,
    changed: !sameTotals(before, after),
  };
}

async function waitForArticles(rt: Runtime, ids: number[], opts: ReplayOptions & { out: (line: string) => void }): Promise<number> {
  const repo = new ArticlesRepository(rt.db);
  const progress = createProgress('replay', ids.length);
  const deadline = Date.now() + opts.timeoutMs;
  const stallMs = opts.stallMs ?? 30_000;
  let remaining = ids.length;
  let lastState = '';
  let lastChange = Date.now();
  try {
    for (;;) {
      const rows = await repo.statuses(ids);
      const byStatus: Record<string, number> = {};
      for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      const done = rows.filter((r) => FINAL_STATUSES.includes(r.status)).length;
      remaining = ids.length - done;
      const state = Object.entries(byStatus).map(([k, v]) => `${k}=${v}`).join(' ');
      progress.update(done, state);
      if (remaining === 0 || Date.now() > deadline) break;
      if (state !== lastState) {
        lastState = state;
        lastChange = Date.now();
      } else if (Date.now() - lastChange >= stallMs) {
        opts.out(await whyNoProgress(rt, rows, Date.now() - lastChange));
        lastChange = Date.now();
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
    }
  } finally {
    progress.stop();
  }
  return remaining;
}

/**
 * One line on a replay that has not moved: where its articles wait and what their jobs are doing. Redis
 * may be what stopped it (an outage the workers wait through): then the line says so, and the replay
 * goes on waiting instead of failing on its own diagnosis.
 */
async function whyNoProgress(rt: Runtime, rows: { id: number; status: string }[], ms: number): Promise<string> {
  const waiting = rows.filter((r) => !FINAL_STATUSES.includes(r.status as never));
  const head = `No progress for ${Math.round(ms / 1000)} s: ${waiting.length} article(s) unfinished`;
  try {
    const jobs = await Promise.all(
      waiting.slice(0, 5).map(async (r) => {
        const stage = nextStage(r.status as never);
        return stage ? `article ${r.id} (${r.status}): job ${stage}-${r.id} ${await rt.queues.jobState(stage, { articleId: r.id })}` : `article ${r.id} (${r.status})`;
      }),
    );
    const counts = await rt.queues.counts();
    const busy = counts
      .map((q) => `${q.name} ${q.counts.waiting + q.counts.prioritized} waiting/${q.counts.active} active/${q.counts.delayed} delayed`)
      .join(', ');
    return `${head}; ${jobs.join('; ')}. Queues: ${busy}. (A job 'unknown' is missing: the sweeper re-enqueues it; 'delayed' jobs wait for a retry or for Postgres/Redis to come back.)`;
  } catch (err) {
    return `${head}; the queues cannot be read (${errorMessage(err)}): waiting for Redis.`;
  }
}

async function summarise(rt: Runtime, ids: number[]) {
  const [totals, rows] = await Promise.all([articleSetTotals(rt.db, ids), new ArticlesRepository(rt.db).statuses(ids)]);
  const failed = rows.filter((r) => r.status === 'failed').map((f) => ({ articleId: f.id, error: f.last_error ?? 'unknown error' }));
  return { ...totals, failed };
}

function sameTotals(a: PipelineTotals, b: PipelineTotals): boolean {
  return (Object.keys(a) as (keyof PipelineTotals)[]).every((k) => a[k] === b[k]);
}

export function formatSummary(s: ReplaySummary, enqueueOnly: boolean): string {
  const lines = [
    'Replay summary',
    `  files read         ${s.files}`,
    `  articles stored    ${s.articles}`,
    `  duplicates         ${s.duplicates}`,
    `  stories            ${s.stories}`,
    `  claims             ${s.claims}`,
    `  events             ${s.events}`,
    `  failures           ${s.failed.length + s.badFiles.length}`,
  ];
  for (const b of s.badFiles) lines.push(`    ${b.file}: ${b.error}`);
  for (const f of s.failed) lines.push(`    article ${f.articleId}: ${f.error}`);
  if (enqueueOnly) lines.push('Enqueued only: a running `newsline start` (or worker) processes the jobs.');
  else if (s.unfinished > 0) lines.push(`Timed out with ${s.unfinished} article(s) still in the pipeline; their jobs stay queued.`);
  if (!s.changed) lines.push(`Nothing changed: all ${s.alreadyStored} article(s) were already stored and processed.`);
  return lines.join('\n');
}
