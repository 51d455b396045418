// The large shared corpora live in ../shared beside the repository (this project's CI has them; a
// fresh clone does not). Tests that measure quality floors on them call sharedCorpus(): where the
// folder is missing they are skipped with a reason that says so loudly, and .ci/run fails if any
// test was skipped, so CI cannot pass without running them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared folder: NEWSLINE_SHARED, or ../shared beside the repository. */
export const SHARED_DIR = process.env.NEWSLINE_SHARED
  ? resolve(process.env.NEWSLINE_SHARED)
  : resolve(fileURLToPath(new URL('../../../shared', import.meta.url)));

/** The marker in every skip reason, for people and for .ci/run. */
export const SKIP_MARKER = 'SKIPPED(shared-corpus-missing)';

export interface SharedCorpus {
  /** Absolute path of the corpus folder or file. */
  path: string;
  available: boolean;
  /** Why the tests on it are skipped ('' when available). */
  skipReason: string;
}

const warned = new Set<string>();

/** Locates `corpora/<relative>` under the shared folder; warns on stderr once when it is missing. */
export function sharedCorpus(relative: string): SharedCorpus {
  const path = resolve(SHARED_DIR, 'corpora', relative);
  const available = existsSync(path);
  const skipReason = available ? '' : `${SKIP_MARKER}: ${path} is not there (the shared corpora sit beside the repository in CI)`;
  if (!available && !warned.has(path)) {
    warned.add(path);
    process.stderr.write(`\n*** ${skipReason}\n*** the tests that measure on it are skipped\n\n`);
  }
  return { path, available, skipReason };
}
