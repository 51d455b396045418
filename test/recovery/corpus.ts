import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDS_DIR } from '../../services/cli/src/paths.js';

export interface Corpus {
  dir: string;
  count: number;
  remove(): void;
}

function corpus(dir: string, count: number): Corpus {
  return { dir, count, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `copies` x 5 distinct articles made from the seeds (each opens with its own dateline), in a temporary folder. */
export function seedCopies(copies: number): Corpus {
  const dir = mkdtempSync(join(tmpdir(), 'newsline-fault-'));
  const seeds = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt'));
  for (let k = 0; k < copies; k++) {
    for (const f of seeds) {
      const text = readFileSync(join(SEEDS_DIR, f), 'utf8');
      writeFileSync(join(dir, `${k}-${f}`), `Dispatch ${k} from desk ${f.slice(0, 3)}.\n\n${text}`);
    }
  }
  return corpus(dir, copies * seeds.length);
}

/**
 * Distinct originals that share vocabulary: each article joins the first part of one seed to the
 * last part of another (every ordered pair, `variants` cut points), so many stories and terms are
 * written at once by concurrent workers.
 */
export function seedMixes(variants: number): Corpus {
  const dir = mkdtempSync(join(tmpdir(), 'newsline-mix-'));
  const seeds = readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8').split(/\n+/).filter((p) => p.trim()));
  let count = 0;
  for (let i = 0; i < seeds.length; i++) {
    for (let j = 0; j < seeds.length; j++) {
      if (i === j) continue;
      for (let v = 0; v < variants; v++) {
        const a = seeds[i]!;
        const b = seeds[j]!;
        const cutA = Math.max(1, Math.floor((a.length * (v + 1)) / (variants + 1)));
        const cutB = Math.max(1, Math.floor((b.length * (variants - v)) / (variants + 1)));
        const text = [`Dispatch ${i}-${j}-${v}.`, ...a.slice(0, cutA), ...b.slice(cutB)].join('\n\n');
        writeFileSync(join(dir, `mix-${i}-${j}-${v}.txt`), text);
        count++;
      }
    }
  }
  return corpus(dir, count);
}
