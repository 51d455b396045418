#!/usr/bin/env -S npx tsx
// `newsline`: the command line. `pnpm newsline <command>` from the repository root.
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, createLogger, errorMessage, loadConfig, type Config } from '@newsline/core';
import { migrateToLatest } from '@newsline/db';
import { loadAliases } from '@newsline/claims';
import { openRuntime, startWorkers, type Runtime } from '@newsline/worker';
import { formatSummary, replay, replayFromStore } from './commands/replay.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { retryCommand } from './commands/retry.js';
import { eventsCommand, figuresCommand, storiesCommand, storyCommand } from './commands/events.js';
import { feedsAdd, feedsExport, feedsImport, feedsList, feedsRemove } from './commands/feeds.js';
import { claimsCommand, clusterCommand, extractCommand, feedsParseCommand } from './commands/tools.js';
import { exportArgs, exportCommand, type ExportOptions } from './commands/export.js';
import { SEEDS_DIR, userPath } from './paths.js';
import { endQuietlyWhenOutputCloses } from './stdout.js';

endQuietlyWhenOutputCloses();

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got ${JSON.stringify(v)}`);
  return n;
}

function config(): Config {
  return loadConfig();
}

/** Opens connections, brings the schema up to date, runs fn, always closes them. */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { allowEmbeddedDb?: boolean } = {}): Promise<T> {
  const cfg = config();
  const rt = await openRuntime(cfg, createLogger(cfg.logLevel), opts);
  try {
    await migrateToLatest(rt.db);
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
  .option('--from-store', 're-run extraction (and what follows) on the raw pages stored by earlier fetches, with no network', false)
  .action(async (paths: string[], opts: { enqueueOnly: boolean; timeout: number; fromStore: boolean }) => {
    if (opts.fromStore && paths.length) throw new Error('--from-store takes no paths: it replays every stored page');
    const targets = paths.length ? paths.map(userPath) : [SEEDS_DIR];
    const failed = await withRuntime(async (rt) => {
      const workers = opts.enqueueOnly ? null : await startWorkers(rt, { aliases: loadAliases(rt.config.aliasesFile) });
      try {
        const replayOpts = { enqueueOnly: opts.enqueueOnly, timeoutMs: opts.timeout * 1000 };
        const summary = opts.fromStore ? await replayFromStore(rt, replayOpts) : await replay(rt, targets, replayOpts);
        console.log(formatSummary(summary, opts.enqueueOnly));
        return summary.failed.length + summary.badFiles.length + summary.unfinished > 0;
      } finally {
        await workers?.close();
      }
    });
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('retry')
  .description("run a failed article's failed stage again, with fresh attempts: one article, one stage's failures, or all")
  .option('--article <id>', 'one failed article', positiveInt)
  .option('--stage <name>', 'every article that failed in this stage (fetch, extract, dedupe, claims)')
  .option('--all', 'every failed article')
  .option('--enqueue-only', 'only enqueue; a running `newsline start` or worker processes the jobs', false)
  .option('--timeout <seconds>', 'stop waiting after this long', positiveInt, 600)
  .action(async (opts: { article?: number; stage?: string; all?: boolean; enqueueOnly: boolean; timeout: number }) => {
    const failedAgain = await withRuntime(async (rt) => {
      const workers = opts.enqueueOnly ? null : await startWorkers(rt, { aliases: loadAliases(rt.config.aliasesFile) });
      try {
        const r = await retryCommand(rt, { ...opts, waitMs: opts.enqueueOnly ? 0 : opts.timeout * 1000 });
        console.log(r.lines.join('\n'));
        const bad = [...r.outcome.values()].filter((o) => o.status === 'failed').length;
        return bad > 0 || (!opts.enqueueOnly && r.outcome.size < r.retried.length);
      } finally {
        await workers?.close();
      }
    });
    process.exitCode = failedAgain ? 1 : 0;
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

program
  .command('stories')
  .description('the latest stories: articles, duplicate copies, outlets')
  .option('--limit <n>', 'how many', positiveInt, 50)
  .option('--story <id>', "one story's articles and copies instead", positiveInt)
  .option('--json', 'one JSON object a line')
  .action(async (opts: { limit: number; story?: number; json?: boolean }) => {
    console.log(
      await withRuntime((rt) => (opts.story !== undefined ? storyCommand(rt, opts.story, Boolean(opts.json)) : storiesCommand(rt, opts.limit, Boolean(opts.json)))),
    );
  });

program
  .command('events')
  .description("a story's normalized events, each with every article that mentions it")
  .requiredOption('--story <id>', 'the story id', positiveInt)
  .option('--json', 'one JSON object per mention')
  .action(async (opts: { story: number; json?: boolean }) => {
    console.log(await withRuntime((rt) => eventsCommand(rt, opts.story, Boolean(opts.json))));
  });

program
  .command('figures')
  .description('every figure stated about a subject, over time, by speaker and source')
  .requiredOption('--about <subject>', 'what is counted, e.g. "hostages"')
  .option('--json', 'one JSON object per mention')
  .action(async (opts: { about: string; json?: boolean }) => {
    console.log(await withRuntime((rt) => figuresCommand(rt, opts.about, Boolean(opts.json))));
  });

program
  .command('export')
  .description('claims, events or figures matching a filter, as CSV or JSON Lines, streamed to standard output')
  .argument('<what>', 'claims, events or figures')
  .option('--format <format>', 'csv or jsonl', 'csv')
  .option('--out <file>', 'write to this file instead of standard output')
  .option('--q <words>', 'full-text query over the claims')
  .option('--from <day>', 'from this day (YYYY-MM-DD)')
  .option('--to <day>', 'up to this day (YYYY-MM-DD)')
  .option('--outlet <name>', 'part of the outlet name')
  .option('--speaker <name>', 'part of the speaker (or figure source) name')
  .option('--subject <what>', 'what a figure counts, e.g. hostages')
  .option('--story <id>', 'one story', positiveInt)
  .option('--article <id>', 'one article', positiveInt)
  .option('--kind <kind>', 'events only: statement or figure')
  .action(async (what: string, opts: ExportOptions) => {
    const args = exportArgs(what, opts);
    const rows = await withRuntime((rt) => exportCommand(rt, args, opts.out ? userPath(opts.out) : undefined));
    console.error(`exported ${rows} ${what}`);
  });

program
  .command('extract')
  .description('extract the article from .html / .html.gz files: one JSON line per file')
  .argument('<files...>')
  .option('--url <url>', 'the page URL, when known')
  .option('--no-pool', 'extract in this thread instead of the worker-thread pool')
  .action(async (files: string[], opts: { url?: string; pool: boolean }) => {
    const failed = await extractCommand(files.map(userPath), opts);
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('claims')
  .description('extract claims (speaker, cue, content, figures) from a text file: one JSON line per claim')
  .argument('<file>')
  .option('--published-at <date>', "the article's publication date (resolves 'yesterday', 'on Monday')")
  .action(async (file: string, opts: { publishedAt?: string }) => {
    await claimsCommand(userPath(file), { publishedAt: opts.publishedAt, aliasesFile: config().aliasesFile });
  });

program
  .command('cluster')
  .description('dedupe and cluster a stream of {"id","title","text","publishedAt"} lines into stories')
  .argument('<file>', 'a JSONL file, or - for standard input')
  .action(async (file: string) => {
    const bad = await clusterCommand(file === '-' ? file : userPath(file));
    process.exitCode = bad ? 1 : 0;
  });

const feeds = program.command('feeds').description('manage and inspect feeds');
feeds
  .command('add')
  .description("subscribe to a feed (a site's page URL finds its feed); polled by a running service")
  .argument('<url>')
  .option('--interval <seconds>', 'base poll interval', positiveInt)
  .option('--no-check', 'add without fetching it first')
  .action(async (url: string, opts: { interval?: number; check: boolean }) => {
    console.log(await withRuntime((rt) => feedsAdd(rt, url, { intervalSeconds: opts.interval, check: opts.check })));
  });
feeds
  .command('list')
  .description('feeds with their health: last poll, next poll, failures, last error')
  .option('--json', 'one JSON object a line')
  .action(async (opts: { json?: boolean }) => {
    console.log(await withRuntime((rt) => feedsList(rt, Boolean(opts.json))));
  });
feeds
  .command('remove')
  .description('unsubscribe (by id or URL); stored articles stay')
  .argument('<idOrUrl>')
  .action(async (idOrUrl: string) => {
    console.log(await withRuntime((rt) => feedsRemove(rt, idOrUrl)));
  });
feeds
  .command('import')
  .description('subscribe to every feed of an OPML file')
  .argument('<file>')
  .option('--interval <seconds>', 'base poll interval', positiveInt)
  .action(async (file: string, opts: { interval?: number }) => {
    console.log(await withRuntime((rt) => feedsImport(rt, userPath(file), opts.interval)));
  });
feeds
  .command('export')
  .description('print the subscriptions as OPML')
  .action(async () => {
    process.stdout.write(await withRuntime((rt) => feedsExport(rt)));
  });
feeds
  .command('parse')
  .description('parse feed files or URLs: one JSON line per input (exit 1 if any failed)')
  .argument('<inputs...>', 'files or http(s) URLs')
  .action(async (inputs: string[]) => {
    const failed = await feedsParseCommand(
      inputs.map((i) => (/^https?:\/\//i.test(i) ? i : userPath(i))),
      config(),
    );
    process.exitCode = failed ? 1 : 0;
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `newsline: ${errorMessage(err)}`);
  process.exitCode = 1;
}
