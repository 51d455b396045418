// Worker thread of the extraction pool: extracts one page per message.
import { parentPort } from 'node:worker_threads';
import { enableJsdom } from './dom.js';
import { extractArticle } from './extract.js';
import type { ExtractOptions } from './types.js';

interface Job {
  id: number;
  html: string;
  opts: ExtractOptions;
}

const port = parentPort;
if (!port) throw new Error('pool-worker.ts must run in a worker thread');

port.on('message', (job: Job) => {
  void (async () => {
    try {
      if (job.opts.dom === 'jsdom') await enableJsdom();
      const result = extractArticle(job.html, job.opts);
      port.postMessage({ id: job.id, ok: true, result });
    } catch (err) {
      port.postMessage({ id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});
port.postMessage({ ready: true });
