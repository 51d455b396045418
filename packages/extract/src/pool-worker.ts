// Worker thread of the extraction pool: extracts one page per task.
import { serveThreadTasks } from '@newsline/core/thread-pool';
import { enableJsdom } from './dom.js';
import { extractArticle } from './extract.js';
import type { ExtractTask } from './pool.js';

serveThreadTasks(async ({ html, opts }: ExtractTask) => {
  if (opts.dom === 'jsdom') await enableJsdom();
  return extractArticle(html, opts);
});
