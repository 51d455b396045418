// Splits PolNeAR's train folder into the articles held out from developing the claim rules and the ones
// developed on (the same fixed hash as polnear.test.ts), as two folders the attribution scorer reads.
// usage: npx tsx packages/claims/src/polnear-split.ts --train ../shared/corpora/attribution/polnear/train --out out/polnear-train
// An annotation whose text runs over a line break is joined back onto its line (the scorer reads one line per span).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The train articles held out from development: the first byte of sha1(name) is a multiple of 4. */
export const heldOut = (name: string): boolean => createHash('sha1').update(name).digest()[0]! % 4 === 0;

/** Of the developed-on articles, the fifth a calibration run of train-cue-model.ts leaves out to choose thresholds on: the second byte of sha1(name) a multiple of 5. */
export const calibration = (name: string): boolean => createHash('sha1').update(name).digest()[1]! % 5 === 0;

/** Brat lines with a span text that ran over a line break joined back, so each line is one annotation. */
export function joinBrokenLines(ann: string): string {
  const out: string[] = [];
  for (const line of ann.split('\n')) {
    if (out.length && line && !/^[TEARN#*]\d*\t/.test(line)) out[out.length - 1] += ` ${line}`;
    else out.push(line);
  }
  return out.join('\n');
}

/** A character span of an article. */
export interface Span { start: number; end: number }

/** One annotated attribution: its cue (with its words), its content, and whether it has a source. */
export interface GoldAttribution { cue: Span & { text: string }; content: Span; source: boolean }

/** The attributions of a PolNeAR (brat) annotation file that have a cue and a content. */
export function goldAttributions(ann: string): GoldAttribution[] {
  const spans = new Map<string, Span & { text: string }>();
  const out: GoldAttribution[] = [];
  for (const line of joinBrokenLines(ann).split('\n')) {
    const [id, body, text] = line.split('\t');
    if (id?.startsWith('T') && body) {
      const offs = body.slice(body.indexOf(' ') + 1).split(';').map((p) => p.trim().split(' ').map(Number));
      spans.set(id, { start: Math.min(...offs.map((o) => o[0]!)), end: Math.max(...offs.map((o) => o[1]!)), text: text ?? '' });
    } else if (id?.startsWith('E') && body) {
      const e = Object.fromEntries(body.split(' ').map((p) => p.split(':')).map(([k, v]) => [k!.replace(/\d+$/, ''), v!]));
      const cue = e['Cue'] ? spans.get(e['Cue']) : undefined;
      const content = e['Content'] ? spans.get(e['Content']) : undefined;
      if (cue && content) out.push({ cue, content, source: !!e['Source'] });
    }
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string): string => {
    const i = args.indexOf(name);
    if (i < 0 || !args[i + 1]) throw new Error(`usage: polnear-split.ts --train DIR --out DIR (missing ${name})`);
    return args[i + 1]!;
  };
  const train = resolve(arg('--train'));
  const out = resolve(arg('--out'));
  rmSync(out, { recursive: true, force: true });
  const counts = { 'held-out': 0, developed: 0 };
  const anns = readdirSync(join(train, 'attributions'));
  for (const txt of readdirSync(join(train, 'text')).filter((f) => f.endsWith('.txt'))) {
    const name = txt.slice(0, -4);
    const part = heldOut(name) ? 'held-out' : 'developed';
    for (const d of ['text', 'attributions']) mkdirSync(join(out, part, d), { recursive: true });
    symlinkSync(join(train, 'text', txt), join(out, part, 'text', txt));
    for (const a of anns.filter((f) => f.startsWith(`${name}_`))) {
      writeFileSync(join(out, part, 'attributions', a), joinBrokenLines(readFileSync(join(train, 'attributions', a), 'utf8')));
    }
    counts[part]++;
  }
  console.error(`${counts['held-out']} held-out and ${counts.developed} developed-on articles in ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
