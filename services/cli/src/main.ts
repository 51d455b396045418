// `newsline`: the command line. `pnpm newsline <command>` from the repository root.
// Only commander loads up front: each command imports what it needs when it runs, so `--help`
// and the file tools start without loading the database, queue and NLP modules.
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '@newsline/core';
import type { Runtime } from '@newsline/worker';
import type { ExportOptions } from './commands/export.js';
import { userPath } from './paths.js';
import { endQuietlyWhenOutputCloses } from './stdout.js';

endQuietlyWhenOutputCloses();

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got ${JSON.stringify(v)}`);
  return n;
}

async function config(): Promise<Config> {
  const { loadConfig } = await import('@newsline/core');
  return loadConfig();
}

/** Opens connections, brings the schema up to date, runs fn, always closes them. */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { allowEmbeddedDb?: boolean } = {}): Promise<T> {
  const cfg = await config();
  const [{ createLogger }, { openRuntime }, { migrateToLatest }] = await Promise.all([
    import('@newsline/core'),
    import('@newsline/worker'),
    import('@newsline/db'),
  ]);
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
    const cfg = await config();
    const [{ createLogger }, { startCommand }] = await Promise.all([import('@newsline/core'), import('./commands/start.js')]);
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
    const [{ SEEDS_DIR }, { startWorkers }, { loadAliases, loadLexiconSetting }, { formatSummary, replay, replayFromStore }] = await Promise.all([
      import('./paths.js'),
      import('@newsline/worker'),
      import('@newsline/claims'),
      import('./commands/replay.js'),
    ]);
    const targets = paths.length ? paths.map(userPath) : [SEEDS_DIR];
    const failed = await withRuntime(async (rt) => {
      if (!opts.enqueueOnly) loadLexiconSetting(rt.config.lexiconFile);
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
    const [{ startWorkers }, { loadAliases, loadLexiconSetting }, { retryCommand }] = await Promise.all([
      import('@newsline/worker'),
      import('@newsline/claims'),
      import('./commands/retry.js'),
    ]);
    const failedAgain = await withRuntime(async (rt) => {
      if (!opts.enqueueOnly) loadLexiconSetting(rt.config.lexiconFile);
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
        const { migrateToLatest } = await import('@newsline/db');
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
    const { statusCommand } = await import('./commands/status.js');
    console.log(await withRuntime((rt) => statusCommand(rt, opts.failures)));
  });

program
  .command('stories')
  .description('the latest stories: articles, duplicate copies, outlets')
  .option('--limit <n>', 'how many', positiveInt, 50)
  .option('--story <id>', "one story's articles and copies instead", positiveInt)
  .option('--json', 'one JSON object a line')
  .action(async (opts: { limit: number; story?: number; json?: boolean }) => {
    const { storiesCommand, storyCommand } = await import('./commands/events.js');
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
    const { eventsCommand } = await import('./commands/events.js');
    console.log(await withRuntime((rt) => eventsCommand(rt, opts.story, Boolean(opts.json))));
  });

program
  .command('figures')
  .description('every figure stated about a subject, over time, by speaker and source')
  .requiredOption('--about <subject>', 'what is counted, e.g. "hostages"')
  .option('--json', 'one JSON object per mention')
  .action(async (opts: { about: string; json?: boolean }) => {
    const { figuresCommand } = await import('./commands/events.js');
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
    const { exportArgs, exportCommand } = await import('./commands/export.js');
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
    const { extractCommand } = await import('./commands/tools.js');
    const failed = await extractCommand(files.map(userPath), opts);
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('claims')
  .description('extract claims (speaker, cue, content, figures) from a text file: one JSON line per claim')
  .argument('<file>')
  .option('--published-at <date>', "the article's publication date (resolves 'yesterday', 'on Monday')")
  .action(async (file: string, opts: { publishedAt?: string }) => {
    const { claimsCommand } = await import('./commands/tools.js');
    const cfg = await config();
    await claimsCommand(userPath(file), { publishedAt: opts.publishedAt, aliasesFile: cfg.aliasesFile, lexiconFile: cfg.lexiconFile });
  });

program
  .command('cluster')
  .description('dedupe and cluster a stream of {"id","title","text","publishedAt"} lines into stories')
  .argument('<file>', 'a JSONL file, or - for standard input')
  .action(async (file: string) => {
    const { clusterCommand } = await import('./commands/tools.js');
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
    const { feedsAdd } = await import('./commands/feeds.js');
    console.log(await withRuntime((rt) => feedsAdd(rt, url, { intervalSeconds: opts.interval, check: opts.check })));
  });
feeds
  .command('list')
  .description('feeds with their health: last poll, next poll, failures, last error')
  .option('--json', 'one JSON object a line')
  .action(async (opts: { json?: boolean }) => {
    const { feedsList } = await import('./commands/feeds.js');
    console.log(await withRuntime((rt) => feedsList(rt, Boolean(opts.json))));
  });
feeds
  .command('remove')
  .description('unsubscribe (by id or URL); stored articles stay')
  .argument('<idOrUrl>')
  .action(async (idOrUrl: string) => {
    const { feedsRemove } = await import('./commands/feeds.js');
    console.log(await withRuntime((rt) => feedsRemove(rt, idOrUrl)));
  });
feeds
  .command('import')
  .description('subscribe to every feed of an OPML file')
  .argument('<file>')
  .option('--interval <seconds>', 'base poll interval', positiveInt)
  .action(async (file: string, opts: { interval?: number }) => {
    const { feedsImport } = await import('./commands/feeds.js');
    console.log(await withRuntime((rt) => feedsImport(rt, userPath(file), opts.interval)));
  });
feeds
  .command('export')
  .description('print the subscriptions as OPML')
  .action(async () => {
    const { feedsExport } = await import('./commands/feeds.js');
    process.stdout.write(await withRuntime((rt) => feedsExport(rt)));
  });
feeds
  .command('parse')
  .description('parse feed files or URLs: one JSON line per input (exit 1 if any failed)')
  .argument('<inputs...>', 'files or http(s) URLs')
  .action(async (inputs: string[]) => {
    const { feedsParseCommand } = await import('./commands/tools.js');
    const failed = await feedsParseCommand(
      inputs.map((i) => (/^https?:\/\//i.test(i) ? i : userPath(i))),
      await config(),
    );
    process.exitCode = failed ? 1 : 0;
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // A ConfigError's message already names each bad variable.
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof Error && err.name === 'ConfigError' ? message : `newsline: ${message}`);
  process.exitCode = 1;
}
