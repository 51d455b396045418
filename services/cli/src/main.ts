#!/usr/bin/env -S npx tsx
// `newsline`: the command line. `pnpm newsline <command>` from the repository root.
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, createLogger, errorMessage, loadConfig, type Config } from '@newsline/core';
import { migrateToLatest } from '@newsline/db';
import { loadAliases } from '@newsline/claims';
import { openRuntime, startWorkers, type Runtime } from '@newsline/worker';
import { formatSummary, replay } from './commands/replay.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { SEEDS_DIR, userPath } from './paths.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got ${JSON.stringify(v)}`);
  return n;
}

function config(): Config {
  return loadConfig();
}

/** Opens connections, runs fn, always closes them. */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { allowEmbeddedDb?: boolean } = {}): Promise<T> {
  const cfg = config();
  const rt = await openRuntime(cfg, createLogger(cfg.logLevel), opts);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

const program = new Command('newsline')
  .description('Newsline: news ingest, from feeds and stored corpora to claims and events in Postgres')
  .showHelpAfterError();

program
  .command('start')
  .description('run migrations, every worker and the dashboard; replays the seeds on first run')
  .action(async () => {
    const cfg = config();
    await startCommand(cfg, createLogger(cfg.logLevel));
  });

program
  .command('replay')
  .description('load .txt (with manifest.json), .html, .html.gz and .json articles and run them through the pipeline')
  .argument('[paths...]', 'files or folders', [])
  .option('--enqueue-only', 'only enqueue; a running `newsline start` or worker processes the jobs', false)
  .option('--timeout <seconds>', 'stop waiting after this long', positiveInt, 600)
  .action(async (paths: string[], opts: { enqueueOnly: boolean; timeout: number }) => {
    const targets = paths.length ? paths.map(userPath) : [SEEDS_DIR];
    const failed = await withRuntime(async (rt) => {
      await migrateToLatest(rt.db);
      const workers = opts.enqueueOnly ? null : await startWorkers(rt, { aliases: loadAliases(rt.config.aliasesFile) });
      try {
        const summary = await replay(rt, targets, { enqueueOnly: opts.enqueueOnly, timeoutMs: opts.timeout * 1000 });
        console.log(formatSummary(summary, opts.enqueueOnly));
        return summary.failed.length + summary.badFiles.length + summary.unfinished > 0;
      } finally {
        await workers?.close();
      }
    });
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    await withRuntime(
      async (rt) => {
        const result = await migrateToLatest(rt.db);
        const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The schema is up to date.');
      },
      { allowEmbeddedDb: true },
    );
  });

program
  .command('status')
  .description('queue counts, stored totals and the latest failures')
  .option('--failures <n>', 'how many recent failures to list', positiveInt, 10)
  .action(async (opts: { failures: number }) => {
    console.log(await withRuntime((rt) => statusCommand(rt, opts.failures)));
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `newsline: ${errorMessage(err)}`);
  process.exitCode = 1;
}
