import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDS_DIR } from '../../services/cli/src/paths.js';

/** `copies` x 5 distinct articles made from the seeds (each opens with its own dateline), in a temporary folder. */
export function seedCopies(copies: number): { dir: string; count: number } {
  const dir = mkdtempSync(join(tmpdir(), 'newsline-fault-'));
  const seeds = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt'));
  for (let k = 0; k < copies; k++) {
    for (const f of seeds) {
      const text = readFileSync(join(SEEDS_DIR, f), 'utf8');
      writeFileSync(join(dir, `${k}-${f}`), `Dispatch ${k} from desk ${f.slice(0, 3)}.\n\n${text}`);
    }
  }
  return { dir, count: copies * seeds.length };
}
