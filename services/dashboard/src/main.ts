// The dashboard service on its own: `node --conditions=newsline-dist services/dashboard/dist/main.js` (or tsx on src/main.ts).
import { ConfigError, createLogger, errorMessage, loadConfig, type Config } from '@newsline/core';
import { openDatabase } from '@newsline/db';
import { checkRedis, JobQueues } from '@newsline/queue';
import { startDashboard } from './app.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  // The same message as the command line's, without a stack trace.
  console.error(err instanceof ConfigError ? err.message : `newsline-dashboard: ${errorMessage(err)}`);
  process.exit(1);
}
const logger = createLogger(config.logLevel, 'newsline-dashboard');
try {
  await checkRedis(config);
  // The dashboard only reads: from the read replica when DATABASE_READ_URL is set.
  const { db } = await openDatabase({ url: config.databaseReadUrl ?? config.databaseUrl, dataDir: config.dataDir, allowEmbedded: false, poolSize: 2 });
  const queues = new JobQueues({ redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, prefix: config.queuePrefix });
  const { app, url } = await startDashboard({
    queues,
    ...config.dashboard,
    db,
  });
  logger.info({ url }, 'dashboard listening');
  console.log(`Dashboard: ${url}`);
  const stop = () => {
    void (async () => {
      await app.close();
      await queues.close();
      await db.destroy();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  logger.fatal({ err: errorMessage(err) }, 'dashboard could not start');
  console.error(errorMessage(err));
  process.exit(1);
}
