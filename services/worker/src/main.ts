// The worker service: `node --conditions=newsline-dist services/worker/dist/main.js [stage...]` (or tsx on src/main.ts) runs the named stages (all by default).
import { ConfigError, createLogger, errorMessage, loadConfig, type Config } from '@newsline/core';
import { migrateToLatest } from '@newsline/db';
import { loadAliases, loadLexiconSetting } from '@newsline/claims';
import { openRuntime } from './runtime.js';
import { parseStageNames, startWorkers } from './runner.js';
import { serveWorkerMetrics } from './metrics.js';

let config: Config;
try {
  config = loadConfig();
  // an operator's lexicon is read at start-up: a bad file stops the worker before it takes a job
  loadLexiconSetting(config.lexiconFile);
} catch (err) {
  // The same message as the command line's, without a stack trace.
  console.error(err instanceof ConfigError ? err.message : `newsline-worker: ${errorMessage(err)}`);
  process.exit(1);
}
const logger = createLogger(config.logLevel, 'newsline-worker');

try {
  const stages = parseStageNames(process.argv.slice(2));
  const rt = await openRuntime(config, logger);
  await migrateToLatest(rt.db);
  const workers = await startWorkers(rt, { stages, aliases: loadAliases(config.aliasesFile) });
  const metrics = config.workerMetrics.port === undefined ? null : await serveWorkerMetrics(config.workerMetrics.host, config.workerMetrics.port);
  for (const w of workers.warnings) console.error(`Warning: ${w}`);
  logger.info({ stages, prefix: config.queuePrefix, database: rt.dbDescription }, 'workers started');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing active jobs');
    void (async () => {
      await workers.close();
      metrics?.close();
      await rt.close();
      logger.info('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  logger.fatal({ err: errorMessage(err) }, 'worker could not start');
  console.error(errorMessage(err));
  process.exit(1);
}
