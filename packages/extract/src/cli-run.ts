// Runner: `npx tsx packages/extract/src/cli-run.ts [--url URL] FILE... > out/extract.jsonl`
// prints one JSON line per file, as `newsline extract FILE...` does.
import { extractFiles } from './files.js';

const argv = process.argv.slice(2);
let url: string | undefined;
const files: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--url') url = argv[++i];
  else files.push(a);
}
for await (const line of extractFiles(files, { url })) process.stdout.write(JSON.stringify(line) + '\n');
