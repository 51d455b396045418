// The worker service: `node --conditions=newsline-dist services/worker/dist/main.js [stage...]` (or tsx on src/main.ts) runs the named stages (all by default).
import { errorMessage, loadServiceConfig, ShutdownManager } from '@newsline/core';
import { migrateToLatest } from '@newsline/db';
import { loadAliases, loadLexiconSetting } from '@newsline/claims';
import { openRuntime } from './runtime.js';
import { parseStageNames, startWorkers } from './runner.js';
import { serveWorkerMetrics } from './metrics.js';

const { config, logger } = loadServiceConfig('newsline-worker');
// an operator's lexicon is read at start-up: a bad file stops the worker before it takes a job
try {
  loadLexiconSetting(config.lexiconFile);
} catch (err) {
  console.error(`newsline-worker: ${errorMessage(err)}`);
  process.exit(1);
}

try {
  const stages = parseStageNames(process.argv.slice(2));
  const rt = await openRuntime(config, logger);
  await migrateToLatest(rt.db);
  const workers = await startWorkers(rt, { stages, aliases: loadAliases(config.aliasesFile) });
  const metrics = config.workerMetrics.port === undefined ? null : await serveWorkerMetrics(config.workerMetrics.host, config.workerMetrics.port);
  for (const w of workers.warnings) console.error(`Warning: ${w}`);
  logger.info({ stages, prefix: config.queuePrefix, database: rt.dbDescription }, 'workers started');
  const shutdown = new ShutdownManager(logger)
    .step('workers', () => workers.close())
    .step('metrics', () => metrics?.close())
    .step('queues, Redis and Postgres', () => rt.close());
  await shutdown.untilSignal((signal) => logger.info({ signal }, 'shutting down: finishing active jobs'));
  logger.info('stopped');
  process.exit(0);
} catch (err) {
  logger.fatal({ err: errorMessage(err) }, 'worker could not start');
  console.error(errorMessage(err));
  process.exit(1);
}
