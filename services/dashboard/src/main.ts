// The dashboard service on its own: `node --conditions=newsline-dist services/dashboard/dist/main.js` (or tsx on src/main.ts).
import { errorMessage, loadServiceConfig, ShutdownManager } from '@newsline/core';
import { openDatabase } from '@newsline/db';
import { checkRedis, JobQueues } from '@newsline/queue';
import { startDashboard } from './app.js';

const { config, logger } = loadServiceConfig('newsline-dashboard');
try {
  await checkRedis(config);
  // The dashboard only reads: from the read replica when DATABASE_READ_URL is set.
  const { db } = await openDatabase({ url: config.databaseReadUrl ?? config.databaseUrl, dataDir: config.dataDir, allowEmbedded: false, poolSize: 2, logger });
  const queues = new JobQueues({ redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, prefix: config.queuePrefix, logger });
  const { app, url } = await startDashboard({
    queues,
    ...config.dashboard,
    db,
  });
  logger.info({ url }, 'dashboard listening');
  console.log(`Dashboard: ${url}`);
  const shutdown = new ShutdownManager(logger)
    .step('dashboard', () => app.close())
    .step('queues and Redis', () => queues.close())
    .step('Postgres', () => db.destroy());
  await shutdown.untilSignal();
  process.exit(0);
} catch (err) {
  logger.fatal({ err: errorMessage(err) }, 'dashboard could not start');
  console.error(errorMessage(err));
  process.exit(1);
}
