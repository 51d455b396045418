// Runs extractClaims over files and writes one <file>.jsonl per input (the `newsline claims` format).
// usage: npx tsx packages/claims/src/run-files.ts --out DIR [--manifest manifest.json] [--published-at DATE] [--aliases FILE] [--lexicon FILE] [--cue-model FILE|none] [--content-model FILE|none] FILES...
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadAliases } from './aliases.js';
import { loadContentModel } from './content-model.js';
import { loadCueModel } from './cue-model.js';
import { extractClaims } from './extract.js';
import { formatClaimLine } from './format.js';
import { loadLexicon } from './lexicon.js';

function parseArgs(argv: string[]): { out: string; manifest?: string; publishedAt?: string; aliases?: string; lexicon?: string; cueModel?: string; contentModel?: string; files: string[] } {
  const files: string[] = [];
  let out = 'out/claims';
  let manifest: string | undefined;
  let publishedAt: string | undefined;
  let aliases: string | undefined;
  let lexicon: string | undefined;
  let cueModel: string | undefined;
  let contentModel: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i] ?? out;
    else if (a === '--manifest') manifest = argv[++i];
    else if (a === '--published-at') publishedAt = argv[++i];
    else if (a === '--aliases') aliases = argv[++i];
    else if (a === '--lexicon') lexicon = argv[++i];
    else if (a === '--cue-model') cueModel = argv[++i];
    else if (a === '--content-model') contentModel = argv[++i];
    else files.push(a);
  }
  return { out, manifest, publishedAt, aliases, lexicon, cueModel, contentModel, files };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const dates = new Map<string, string>();
  if (args.manifest) {
    const m = JSON.parse(readFileSync(args.manifest, 'utf8')) as { articles?: Array<{ file: string; publishedAt?: string }> };
    for (const a of m.articles ?? []) if (a.publishedAt) dates.set(a.file, a.publishedAt);
  }
  const aliases = loadAliases(args.aliases);
  const lexicon = loadLexicon(args.lexicon);
  // "none": the rules alone, without the learned cue model
  const cueModel = args.cueModel === 'none' ? null : args.cueModel ? loadCueModel(args.cueModel) : undefined;
  // "none": each content where the rules put it, without the learned content model
  const contentModel = args.contentModel === 'none' ? null : args.contentModel ? loadContentModel(args.contentModel) : undefined;
  mkdirSync(args.out, { recursive: true });
  let n = 0;
  for (const f of args.files) {
    const text = readFileSync(f, 'utf8');
    const name = basename(f).replace(/\.txt$/, '');
    const publishedAt = args.publishedAt ?? dates.get(basename(f)) ?? null;
    const claims = extractClaims(text, { publishedAt, aliases, lexicon, cueModel, contentModel });
    // the seeds scorer names documents with their extension; the PolNeAR scorer without
    const outName = args.manifest ? basename(f) : name;
    writeFileSync(join(args.out, `${outName}.jsonl`), claims.map((c) => formatClaimLine(c) + '\n').join(''));
    n++;
  }
  console.error(`wrote ${n} files to ${args.out}`);
}

main();
