// The extraction pool: worker threads sized to the cores, each page under a time limit and a
// size limit. A page that runs past its limit has its thread terminated and replaced; its
// promise rejects with an error naming the page, and the other jobs go on. The threads are
// @newsline/core's thread pool running pool-worker.ts.
import { availableParallelism } from 'node:os';
import { createThreadPool, type ThreadTaskFailure } from '@newsline/core/thread-pool';
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
  /** Workers currently alive (for tests and metrics); they start with the first pages, up to the pool's size. */
  readonly size: number;
}

export class ExtractError extends Error {
  constructor(message: string, readonly page: string, readonly kind: ThreadTaskFailure | 'too-large') {
    super(message);
    this.name = 'ExtractError';
  }
}

/** What pool-worker.ts receives. */
export interface ExtractTask {
  html: string;
  opts: ExtractOptions;
}

function poolError(kind: ThreadTaskFailure, page: string, detail: string): ExtractError {
  const message =
    kind === 'timeout' || kind === 'overloaded' ? `extraction of ${page} ${detail}`
    : kind === 'crashed' ? `extraction worker died on ${page}: ${detail}`
    : kind === 'closed' ? `extraction pool: ${detail} (page ${page})`
    : `extraction failed for ${page}: ${detail}`;
  return new ExtractError(message, page, kind);
}

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const pool = createThreadPool<ExtractTask, ExtractedArticle>({
    callerUrl: import.meta.url,
    workerName: 'pool-worker',
    size: options.size ?? availableParallelism(),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxHeapMb: options.maxHeapMb,
    error: poolError,
  });
  return {
    get size() {
      return pool.size;
    },
    extract(html: string, opts: PoolExtractOptions = {}): Promise<ExtractedArticle> {
      const { name, ...rest } = opts;
      const bytes = Buffer.byteLength(html ?? '', 'utf8');
      const page = name ?? opts.url ?? `page of ${bytes} bytes`;
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
      return pool.run({ html: text, opts: rest }, page);
    },
    close: () => pool.close(),
  };
}
