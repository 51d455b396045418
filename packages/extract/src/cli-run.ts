// Runner: `npx tsx packages/extract/src/cli-run.ts [--url URL] [--pool] FILE... > out/extract.jsonl`
// prints one JSON line per file (.html or .html.gz), as `newsline extract FILE...` does.
// --pool extracts in worker threads (one per core) with a time limit per page; --dom jsdom
// parses with jsdom instead of linkedom.
import { enableJsdom } from './dom.js';
import { extractFiles } from './files.js';
import { extractArticle } from './extract.js';
import { createExtractPool } from './pool.js';

const argv = process.argv.slice(2);
let url: string | undefined;
let usePool = false;
let dom: 'linkedom' | 'jsdom' = 'linkedom';
const files: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--url') url = argv[++i];
  else if (a === '--pool') usePool = true;
  else if (a === '--dom') dom = argv[++i] === 'jsdom' ? 'jsdom' : 'linkedom';
  else files.push(a);
}
if (dom === 'jsdom') await enableJsdom();
if (!usePool) {
  for await (const line of extractFiles(files, { url, extract: (html, o) => extractArticle(html, { ...o, dom }) })) process.stdout.write(JSON.stringify(line) + '\n');
} else {
  const pool = createExtractPool({ timeoutMs: 30_000 });
  try {
    // read and extract ahead: one batch of files in flight per worker, output kept in order
    const batch = 16;
    for (let i = 0; i < files.length; i += batch) {
      const part = files.slice(i, i + batch);
      const lines = await Promise.all(part.map(async (f) => {
        const out = [];
        for await (const line of extractFiles([f], { url, extract: (html, o) => pool.extract(html, { ...o, dom, name: f }) })) out.push(line);
        return out[0];
      }));
      for (const line of lines) process.stdout.write(JSON.stringify(line) + '\n');
    }
  } finally {
    await pool.close();
  }
}
