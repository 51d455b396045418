// The claims' data files (aliases, lexicon, model weights), read as JSON with errors that
// name the kind of file and the file.
import { readFileSync } from 'node:fs';

/** The parsed JSON of `file`, and the name its errors give it; `what` is the kind ("alias file"). */
export function readJsonFile(file: string | URL, what: string): { data: unknown; name: string } {
  const name = String(file instanceof URL ? file.pathname : file);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${what} ${name}: cannot read (${(err as Error).message})`);
  }
  try {
    return { data: JSON.parse(raw), name };
  } catch (err) {
    throw new Error(`${what} ${name}: invalid JSON (${(err as Error).message})`);
  }
}
