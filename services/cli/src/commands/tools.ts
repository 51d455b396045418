// Commands that run one stage's function on files, with no Redis or Postgres:
// the same functions the workers call, in the output formats of shared/eval/README.md.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Config } from '@newsline/core';
// Each command imports its package when it runs: `extract` never loads the claims NLP, `claims` never loads the DOM.

const write = (line: string) => process.stdout.write(`${line}\n`);

/** `newsline extract FILE...`: one JSON line per file. Returns the number of files that failed. */
export async function extractCommand(files: string[], opts: { url?: string; pool: boolean }): Promise<number> {
  const [{ createExtractPool }, { extractFiles }] = await Promise.all([import('@newsline/extract/pool'), import('@newsline/extract/files')]);
  const pool = opts.pool ? createExtractPool() : null;
  let failed = 0;
  try {
    for await (const line of extractFiles(files, { url: opts.url ?? null, extract: pool ? (html, o) => pool.extract(html, o) : undefined })) {
      if (line.error) failed++;
      write(JSON.stringify(line));
    }
  } finally {
    await pool?.close();
  }
  return failed;
}

/** `newsline claims FILE`: one JSON line per claim. */
export async function claimsCommand(file: string, opts: { publishedAt?: string; aliasesFile?: string; lexiconFile?: string }): Promise<void> {
  const { extractClaims, formatClaimLine, loadAliases, loadLexiconSetting } = await import('@newsline/claims');
  const lexicon = loadLexiconSetting(opts.lexiconFile);
  const text = await readFile(file, 'utf8');
  if (opts.publishedAt && Number.isNaN(Date.parse(opts.publishedAt))) {
    throw new Error(`--published-at ${JSON.stringify(opts.publishedAt)} is not a date (use YYYY-MM-DD)`);
  }
  for (const claim of extractClaims(text, { publishedAt: opts.publishedAt ?? null, aliases: loadAliases(opts.aliasesFile), lexicon })) {
    write(formatClaimLine(claim));
  }
}

/** `newsline cluster FILE.jsonl` (or - for standard input). Returns the number of bad lines. */
export async function clusterCommand(file: string): Promise<number> {
  const { clusterStream } = await import('@newsline/dedupe');
  const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let bad = 0;
  for await (const r of clusterStream(lines, {
    onBadLine: (n, error) => {
      bad++;
      process.stderr.write(`${file}:${n}: skipped: ${error}\n`);
    },
  })) {
    write(JSON.stringify(r));
  }
  return bad;
}

/** `newsline feeds parse FILE...|URL`: one JSON line per input. Returns the number that failed. */
export async function feedsParseCommand(inputs: string[], config: Config): Promise<number> {
  const [{ createHttpClient }, { parseFeedFile }] = await Promise.all([import('@newsline/fetch'), import('@newsline/feeds')]);
  const client = createHttpClient(config);
  let failed = 0;
  for (const input of inputs) {
    const line = await parseFeedFile(input, { client });
    if ('error' in line) failed++;
    write(JSON.stringify(line));
  }
  return failed;
}
