import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATUSES } from '@newsline/db';
import { replay } from '../services/cli/src/commands/replay.js';
import { ROOT_DIR, SEEDS_DIR } from '../services/cli/src/paths.js';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';

const COPIES = 16; // 16 x 5 seeds = 80 articles

/** Distinct articles made from the seeds (each opens with its own dateline). */
function makeCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsline-crash-'));
  const seeds = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt'));
  for (let k = 0; k < COPIES; k++) {
    for (const f of seeds) {
      const text = readFileSync(join(SEEDS_DIR, f), 'utf8');
      writeFileSync(join(dir, `${k}-${f}`), `Dispatch ${k} from desk ${f.slice(0, 3)}.\n\n${text}`);
    }
  }
  return dir;
}

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/worker/src/main.ts'], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env, JOB_LOCK_MS: '2000', WORKER_CONCURRENCY: '2' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('a worker killed in the middle of a replay', () => {
  let p: TestPipeline;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    p = await openTestPipeline({ workers: false });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await p?.close();
  });

  async function progress() {
    const rows = await p.rt.db.selectFrom('articles').select(['status']).execute();
    return { total: rows.length, final: rows.filter((r) => FINAL_STATUSES.includes(r.status)).length };
  }

  async function waitFor(pred: (s: { total: number; final: number }) => boolean, ms: number, pollMs = 25) {
    const deadline = Date.now() + ms;
    for (;;) {
      const s = await progress();
      if (pred(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting; progress ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  it('ends with every article stored and processed exactly once after a restart', { timeout: 300_000 }, async () => {
    const dir = makeCorpus();
    const total = COPIES * 5;
    const summary = await replay(p.rt, [dir], { enqueueOnly: true, timeoutMs: 1000, out: () => undefined });
    expect(summary.newArticles).toBe(total);

    const first = startWorker(p.env);
    children.push(first);
    const atKill = await waitFor((s) => s.final >= 5, 60_000);
    first.kill('SIGKILL');
    await exited(first);
    expect(atKill.final).toBeLessThan(total); // it really was cut off in the middle

    const second = startWorker(p.env);
    children.push(second);
    await waitFor((s) => s.final === total, 120_000, 200);

    const articles = await p.rt.db.selectFrom('articles').select(['id', 'source_key', 'status', 'story_id', 'duplicate_of']).execute();
    expect(articles).toHaveLength(total);
    expect(new Set(articles.map((a) => a.source_key)).size).toBe(total);
    expect(articles.filter((a) => a.status === 'failed')).toEqual([]);
    // Each article counted into its story exactly once.
    const counted = await sql<{ n: number }>`select coalesce(sum(article_count), 0)::int as n from stories where merged_into is null`.execute(p.rt.db);
    expect(counted.rows[0]?.n).toBe(articles.length);
    expect(articles.every((a) => a.story_id !== null)).toBe(true);
    // Copies of the same seed are near duplicates of one original each.
    const originals = articles.filter((a) => a.duplicate_of === null);
    expect(originals.length).toBeLessThan(total);
    // Claims were written once per article: ordinals run 0..n-1 without gaps or repeats.
    const perArticle = await sql<{ article_id: number; n: number; max: number }>`
      select article_id, count(*)::int as n, max(ordinal)::int as max from claims group by article_id`.execute(p.rt.db);
    for (const r of perArticle.rows) expect(r.max).toBe(r.n - 1);
    const claimed = articles.filter((a) => a.status === 'claimed').length;
    expect(perArticle.rows.length).toBe(claimed);

    // A SIGTERM stops the worker cleanly.
    second.kill('SIGTERM');
    const end = await Promise.race([exited(second), new Promise<'late'>((r) => setTimeout(() => r('late'), 20_000))]);
    expect(end).toEqual({ code: 0, signal: null });
  });
});
