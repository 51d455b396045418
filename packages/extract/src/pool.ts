// The extraction pool: worker threads sized to the cores, each page under a time limit and a
// size limit. A page that runs past its limit has its thread terminated and replaced; its
// promise rejects with an error naming the page, and the other jobs go on.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assertText } from './charset.js';
import type { ExtractOptions, ExtractedArticle } from './types.js';

export interface ExtractPoolOptions {
  /** Worker threads (default: the number of cores). */
  size?: number;
  /** Time limit per page in ms (default 10 000). */
  timeoutMs?: number;
  /** Size limit per page in bytes of UTF-8 (default 10 MiB). */
  maxBytes?: number;
  /** Heap limit per worker in MB (default 1024). */
  maxHeapMb?: number;
}

export interface PoolExtractOptions extends ExtractOptions {
  /** How errors name the page (default: the URL, else the page's size). */
  name?: string;
}

export interface ExtractPool {
  extract(html: string, opts?: PoolExtractOptions): Promise<ExtractedArticle>;
  close(): Promise<void>;
  /** Workers currently alive (for tests and metrics). */
  readonly size: number;
}

export class ExtractError extends Error {
  constructor(message: string, readonly page: string, readonly kind: 'timeout' | 'too-large' | 'crashed' | 'closed' | 'failed') {
    super(message);
    this.name = 'ExtractError';
  }
}

interface Pending {
  id: number;
  html: string;
  opts: ExtractOptions;
  page: string;
  resolve: (a: ExtractedArticle) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
  timer: NodeJS.Timeout | null;
  ready: boolean;
}

/**
 * The worker is TypeScript (pool-worker.ts). A worker thread does not inherit the parent's
 * module hooks, and `--import` in a worker's execArgv is not honoured by every Node 20 release,
 * so the thread starts from a one-line bootstrap that registers tsx's loader (resolved from
 * this package, whatever the parent runs under: tsx, vitest or plain node) and then imports
 * the worker module. Under a build that emitted pool-worker.js, that file is used directly.
 */
const WORKER_URL = new URL('./pool-worker.ts', import.meta.url);

function startWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(WORKER_URL.href)}, ${JSON.stringify(import.meta.url)}))` +
    `.catch((e) => { console.error(e); process.exit(70); });`;
  return new Worker(code, { eval: true, execArgv, resourceLimits });
}

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxHeapMb = options.maxHeapMb ?? 1024;
  const queue: Pending[] = [];
  const slots = new Set<Slot>();
  let nextId = 1;
  let closed = false;
  /** Workers that died before they were ready, in a row: past 3, the pool gives up. */
  let startFailures = 0;
  let fatal: string | null = null;

  const spawn = (): Slot => {
    const worker = startWorker(maxHeapMb);
    const slot: Slot = { worker, job: null, timer: null, ready: false };
    slots.add(slot);
    worker.on('message', (msg: { ready?: boolean; id?: number; ok?: boolean; result?: ExtractedArticle; error?: string }) => {
      if (msg.ready) {
        slot.ready = true;
        startFailures = 0;
        pump();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      finish(slot);
      if (msg.ok && msg.result) job.resolve(msg.result);
      else job.reject(new ExtractError(`extraction failed for ${job.page}: ${msg.error ?? 'unknown error'}`, job.page, 'failed'));
      pump();
    });
    const onDeath = (why: string): void => {
      if (!slots.has(slot)) return;
      slots.delete(slot);
      const job = slot.job;
      finish(slot);
      if (job) job.reject(new ExtractError(`extraction worker died on ${job.page}: ${why}`, job.page, 'crashed'));
      if (!slot.ready && ++startFailures >= 3) {
        fatal = `extraction workers fail to start: ${why}`;
        for (const j of queue.splice(0)) j.reject(new ExtractError(`${fatal} (page ${j.page})`, j.page, 'crashed'));
        return;
      }
      if (!closed) {
        spawn();
        pump();
      }
    };
    worker.on('error', (err) => onDeath(err.message));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    return slot;
  };

  const finish = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (!queue.length) return;
      if (!slot.ready || slot.job) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        slots.delete(slot);
        finish(slot);
        job.reject(new ExtractError(`extraction of ${job.page} exceeded the time limit of ${timeoutMs} ms`, job.page, 'timeout'));
        void slot.worker.terminate();
        if (!closed) {
          spawn();
          pump();
        }
      }, timeoutMs);
      slot.worker.postMessage({ id: job.id, html: job.html, opts: job.opts });
    }
  };

  for (let i = 0; i < size; i++) spawn();

  return {
    get size() {
      return slots.size;
    },
    extract(html: string, opts: PoolExtractOptions = {}): Promise<ExtractedArticle> {
      const { name, ...rest } = opts;
      const bytes = Buffer.byteLength(html ?? '', 'utf8');
      const page = name ?? opts.url ?? `page of ${bytes} bytes`;
      if (fatal) return Promise.reject(new ExtractError(`${fatal} (page ${page})`, page, 'crashed'));
      if (closed) return Promise.reject(new ExtractError(`extraction pool is closed (page ${page})`, page, 'closed'));
      if (bytes > maxBytes) {
        return Promise.reject(new ExtractError(`${page} is ${bytes} bytes, over the extraction limit of ${maxBytes} bytes`, page, 'too-large'));
      }
      let text: string;
      try {
        // Binary is not a page (BinaryContentError is permanent); stray NULs are dropped.
        text = assertText(html, page);
      } catch (err) {
        return Promise.reject(err as Error);
      }
      return new Promise<ExtractedArticle>((resolve, reject) => {
        queue.push({ id: nextId++, html: text, opts: rest, page, resolve, reject });
        pump();
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new ExtractError(`extraction pool closed before ${job.page} was extracted`, job.page, 'closed'));
      const all = [...slots];
      slots.clear();
      for (const s of all) {
        const job = s.job;
        finish(s);
        if (job) job.reject(new ExtractError(`extraction pool closed while extracting ${job.page}`, job.page, 'closed'));
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
