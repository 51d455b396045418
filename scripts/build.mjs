// The compiled build: `node scripts/build.mjs [--force]` compiles every package's src/ to its dist/
// (tsc -b tsconfig.build.json) when a source or build setting changed since the last build.
// `pnpm install` runs it (prepare) and so do `pnpm start` and `pnpm newsline`; the check when
// nothing changed takes a few milliseconds (one stat per file), tsc's own check over a second.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', 'build-stamp.json');

/** Every file the build reads: sources, package manifests and build settings, with their mtimes. */
function inputs() {
  const files = [join(ROOT, 'tsconfig.base.json'), join(ROOT, 'tsconfig.build.json')];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) files.push(p);
    }
  };
  for (const group of ['packages', 'services']) {
    for (const name of readdirSync(join(ROOT, group))) {
      const pkg = join(ROOT, group, name);
      files.push(join(pkg, 'package.json'), join(pkg, 'tsconfig.build.json'));
      walk(join(pkg, 'src'));
    }
  }
  const h = createHash('sha1');
  for (const f of files.sort()) h.update(`${f}\0${statSync(f).mtimeMs}\0`);
  return h.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).inputs;
  } catch {
    return null;
  }
}

/** Builds when stale; returns true when the compiled output is up to date afterwards. */
export function buildIfStale({ force = false, quiet = false } = {}) {
  const now = inputs();
  if (!force && readStamp() === now) return true;
  if (!quiet) process.stderr.write('newsline: compiling TypeScript to dist/ (tsc -b) ...\n');
  const tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) {
    process.stderr.write(`newsline: the build failed (tsc exit ${r.status ?? r.signal}); fix the errors above and run it again\n`);
    return false;
  }
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ inputs: now, builtAt: new Date().toISOString() }) + '\n');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = buildIfStale({ force: process.argv.includes('--force') }) ? 0 : 1;
}
