import { errorMessage, ShutdownManager, type Logger } from '@newsline/core';
import { loadAliases, loadLexiconSetting } from '@newsline/claims';
import { ArticlesRepository, migrateToLatest } from '@newsline/db';
import { startDashboard } from '@newsline/dashboard';
import { openRuntime, startWorkers } from '@newsline/worker';
import type { Config } from '@newsline/core';
import { SEEDS_DIR } from '../paths.js';
import { formatSummary, replay } from './replay.js';

function dashboardFailure(err: unknown, config: Config): string {
  const code = (err as { code?: string }).code;
  const where = `${config.dashboard.host}:${config.dashboard.port}`;
  if (code === 'EADDRINUSE') return `the dashboard cannot listen on ${where}: the address is in use (another Newsline?); set DASHBOARD_PORT`;
  if (code === 'EADDRNOTAVAIL') return `the dashboard cannot listen on ${where}: no such address on this machine; set DASHBOARD_HOST`;
  return `the dashboard cannot start: ${errorMessage(err)}`;
}

/** Migrations, every worker and the dashboard in one process; the seeds on first run. Runs until a signal. */
export async function startCommand(config: Config, logger: Logger): Promise<void> {
  const rt = await openRuntime(config, logger, { allowEmbeddedDb: true });
  if (rt.embeddedDb) {
    console.log(`No Postgres answered on localhost and DATABASE_URL is not set: using ${rt.dbDescription}.`);
  } else {
    console.log(`Database: ${rt.dbDescription}`);
  }
  // The dashboard first: when it cannot start (port in use, exposed without credentials) the
  // command stops with the reason before any worker runs (running workers would keep it alive).
  let dashboard: Awaited<ReturnType<typeof startDashboard>>;
  try {
    await migrateToLatest(rt.db);
  } catch (err) {
    await rt.close();
    throw err;
  }
  try {
    dashboard = await startDashboard({ queues: rt.queues, ...config.dashboard, db: rt.readDb });
  } catch (err) {
    await rt.close();
    throw new Error(dashboardFailure(err, config));
  }
  loadLexiconSetting(config.lexiconFile);
  const workers = await startWorkers(rt, { aliases: loadAliases(config.aliasesFile) });
  for (const w of workers.warnings) console.log(`Warning: ${w}`);
  console.log(`Dashboard: ${dashboard.url}`);
  console.log(`Workers: ${workers.stages.join(', ')} (queue prefix "${config.queuePrefix}")`);

  if ((await new ArticlesRepository(rt.db).count()) === 0) {
    console.log(`First run: replaying the seed corpus from ${SEEDS_DIR}`);
    const summary = await replay(rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 10 * 60_000 });
    console.log(formatSummary(summary, false));
  }
  console.log('Newsline is running. Press Ctrl+C to stop.');

  const shutdown = new ShutdownManager(logger)
    .step('dashboard', () => dashboard.app.close())
    .step('workers', () => workers.close())
    .step('queues, Redis and Postgres', () => rt.close());
  await shutdown.untilSignal((signal) => console.log(`${signal}: finishing active jobs, then stopping.`));
}
