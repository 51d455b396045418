import type { FastifyInstance } from 'fastify';
import { startDashboard } from '@newsline/dashboard';
import { replay } from '../../services/cli/src/commands/replay.js';
import { SEEDS_DIR } from '../../services/cli/src/paths.js';
import { openTestPipeline, type TestPipeline } from './pipeline.js';

export interface SeededDashboard {
  p: TestPipeline;
  app: FastifyInstance;
  /** http://127.0.0.1:PORT, without a trailing slash. */
  base: string;
  close(): Promise<void>;
}

/**
 * A fresh database filled by replaying the seed corpus through the real workers, and the
 * dashboard on it (workers keep running in this process, so their metrics are on /metrics).
 */
export async function openSeededDashboard(): Promise<SeededDashboard> {
  const p = await openTestPipeline();
  const summary = await replay(p.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 120_000, pollMs: 50, out: () => undefined });
  if (summary.failed.length || summary.unfinished || summary.articles !== 5) {
    await p.close();
    throw new Error(`the seed replay did not finish cleanly: ${JSON.stringify(summary)}`);
  }
  const { app, url } = await startDashboard({ queues: p.rt.queues, db: p.rt.db, host: '127.0.0.1', port: 0 });
  return {
    p,
    app,
    base: url.replace(/\/queues$/, ''),
    async close() {
      await app.close();
      await p.close();
    },
  };
}
