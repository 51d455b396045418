// `pnpm bench extract [--dir DIR] [--limit N] [--smoke] [--soak N] [--modes a,b,c]`
// Article extraction speed and memory on a folder of .html / .html.gz pages (default: the
// wcxb-dev corpus). Each mode runs in its own child process, so its peak RSS is its own:
//   chosen       extractArticle (linkedom, clean-up), one thread
//   jsdom        extractArticle with dom: 'jsdom' (scripts and styles removed first), one thread
//   pool         createExtractPool with one worker per core
//   baseline     plain Readability on jsdom, scripts and styles kept, no clean-up, one thread
// --soak N extracts N pages (the corpus repeated) with the chosen extractor and samples RSS,
// to show whether memory stays flat.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineReadability, createExtractPool, enableJsdom, extractArticle, loadBaseline, readHtmlFile } from '@newsline/extract';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_DIR = resolve(HERE, '../../shared/corpora/extraction/wcxb-dev/html');
const MODES = ['chosen', 'jsdom', 'pool', 'baseline'] as const;
type Mode = (typeof MODES)[number];

interface ModeResult {
  mode: Mode;
  pages: number;
  errors: number;
  seconds: number;
  pagesPerSec: number;
  medianMs: number;
  p95Ms: number;
  peakRssMb: number;
  threads: number;
}

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function loadPages(dir: string, limit: number): Promise<string[]> {
  const files = readdirSync(dir).filter((f) => /\.html?(\.gz)?$/.test(f)).sort().slice(0, limit);
  return Promise.all(files.map((f) => readHtmlFile(join(dir, f))));
}

const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;
const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

async function runMode(mode: Mode, pages: string[]): Promise<ModeResult> {
  const times: number[] = [];
  let errors = 0;
  let threads = 1;
  const t0 = performance.now();
  if (mode === 'chosen' || mode === 'jsdom') {
    if (mode === 'jsdom') await enableJsdom();
    for (const html of pages) {
      const s = performance.now();
      const a = extractArticle(html, { dom: mode === 'jsdom' ? 'jsdom' : 'linkedom' });
      if (a.error) errors++;
      times.push(performance.now() - s);
    }
  } else if (mode === 'baseline') {
    await loadBaseline();
    for (const html of pages) {
      const s = performance.now();
      if (baselineReadability(html).error) errors++;
      times.push(performance.now() - s);
    }
  } else {
    threads = availableParallelism();
    const pool = createExtractPool({ size: threads, timeoutMs: 30_000 });
    // warm up: every worker loads its modules before the clock starts
    await Promise.all(Array.from({ length: threads }, () => pool.extract('<html><body><p>warm up</p></body></html>')));
    const start = performance.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < pages.length) {
        const html = pages[next++]!;
        const s = performance.now();
        try {
          await pool.extract(html);
        } catch {
          errors++;
        }
        times.push(performance.now() - s);
      }
    };
    await Promise.all(Array.from({ length: threads }, lane));
    const seconds = (performance.now() - start) / 1000;
    await pool.close();
    times.sort((a, b) => a - b);
    return { mode, pages: pages.length, errors, seconds, pagesPerSec: pages.length / seconds, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95), peakRssMb: peakRssMb(), threads };
  }
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { mode, pages: pages.length, errors, seconds, pagesPerSec: pages.length / seconds, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95), peakRssMb: peakRssMb(), threads };
}

interface SoakResult {
  pages: number;
  seconds: number;
  rssMbAt: { pages: number; rssMb: number }[];
  rssGrowthMb: number;
}

async function runSoak(pages: string[], total: number): Promise<SoakResult> {
  const samples: { pages: number; rssMb: number }[] = [];
  const every = Math.max(100, Math.floor(total / 20));
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    extractArticle(pages[i % pages.length]!);
    if ((i + 1) % every === 0 || i + 1 === total) samples.push({ pages: i + 1, rssMb: Math.round(rssMb()) });
  }
  // growth from the end of the first pass over the corpus (warm caches) to the end
  const firstPass = samples.find((s) => s.pages >= Math.min(pages.length, total)) ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  return { pages: total, seconds: (performance.now() - t0) / 1000, rssMbAt: samples, rssGrowthMb: last.rssMb - firstPass.rssMb };
}

/** Runs one mode in a child process (same loader: tsx) and reads its JSON line. */
function child(args: string[]): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolvePromise(JSON.parse(line));
      } catch {
        reject(new Error(`bench child ${args.join(' ')} exited ${code} without a result`));
      }
    });
  });
}

export async function main(args: string[]): Promise<void> {
  const smoke = args.includes('--smoke');
  const dir = resolve(opt(args, '--dir') ?? DEFAULT_DIR);
  const limit = Number(opt(args, '--limit') ?? (smoke ? 10 : Infinity));
  const soak = Number(opt(args, '--soak') ?? 0);
  if (args.includes('--child')) {
    const pages = await loadPages(dir, limit);
    const mode = opt(args, '--mode');
    if (mode === 'soak') console.log(JSON.stringify(await runSoak(pages, soak)));
    else console.log(JSON.stringify(await runMode(mode as Mode, pages)));
    return;
  }
  const modes = (opt(args, '--modes')?.split(',') ?? (smoke ? ['chosen', 'pool', 'baseline'] : [...MODES])) as Mode[];
  const common = ['--dir', dir, ...(Number.isFinite(limit) ? ['--limit', String(limit)] : [])];
  const results: ModeResult[] = [];
  for (const m of modes) results.push((await child([...common, '--mode', m])) as ModeResult);
  const soakResult = soak > 0 ? ((await child([...common, '--mode', 'soak', '--soak', String(soak)])) as SoakResult) : null;

  const base = results.find((r) => r.mode === 'baseline');
  console.log(`extract benchmark: ${results[0]?.pages ?? 0} pages from ${dir} (${availableParallelism()} cores)`);
  console.log('mode        threads  pages/s  median ms  p95 ms  peak RSS MB  errors  vs baseline');
  for (const r of results) {
    const ratio = base ? (r.pagesPerSec / base.pagesPerSec).toFixed(2) + 'x' : '-';
    console.log(
      `${r.mode.padEnd(11)} ${String(r.threads).padStart(7)} ${r.pagesPerSec.toFixed(1).padStart(8)} ${r.medianMs.toFixed(1).padStart(10)} ${r.p95Ms.toFixed(1).padStart(7)} ${r.peakRssMb.toFixed(0).padStart(12)} ${String(r.errors).padStart(7)}  ${ratio}`,
    );
  }
  if (soakResult) {
    console.log(`soak: ${soakResult.pages} pages in ${soakResult.seconds.toFixed(0)} s; RSS MB by pages: ${soakResult.rssMbAt.map((s) => `${s.pages}:${s.rssMb}`).join(' ')}; growth after the first pass ${soakResult.rssGrowthMb} MB`);
  }
  const summary = {
    bench: 'extract',
    pages: results[0]?.pages ?? 0,
    cores: availableParallelism(),
    modes: Object.fromEntries(results.map((r) => [r.mode, { pagesPerSec: +r.pagesPerSec.toFixed(2), medianMs: +r.medianMs.toFixed(2), p95Ms: +r.p95Ms.toFixed(2), peakRssMb: Math.round(r.peakRssMb), errors: r.errors, threads: r.threads }])),
    poolVsBaseline: base && results.find((r) => r.mode === 'pool') ? +(results.find((r) => r.mode === 'pool')!.pagesPerSec / base.pagesPerSec).toFixed(2) : null,
    soak: soakResult ? { pages: soakResult.pages, rssGrowthMb: soakResult.rssGrowthMb, rssMbAt: soakResult.rssMbAt } : null,
  };
  console.log(JSON.stringify(summary));
}

// run directly as a child (`node --import tsx bench/extract.ts --child ...`)
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await main(process.argv.slice(2));
}
