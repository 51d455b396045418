import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where seeds/ lives), from this file's location. */
export const ROOT_DIR = fileURLToPath(new URL('../../../', import.meta.url));
export const SEEDS_DIR = resolve(ROOT_DIR, 'seeds');

/** Resolves a path the user typed: `pnpm newsline` runs in the repo root, INIT_CWD is where they were. */
export function userPath(p: string): string {
  return isAbsolute(p) ? p : resolve(process.env.INIT_CWD ?? process.cwd(), p);
}
