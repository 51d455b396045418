// A learned cue model: a logistic regression that scores each word of a sentence as part of an attribution
// cue ("backing", "is expected", "made a case for"), for the long tail of cues the verb lists do not name.
// Weights are data (packages/claims/data/cue-model.json), made by train-cue-model.ts from PolNeAR train
// articles that are not held out; see the README (Claims).
import { readFileSync } from 'node:fs';
import { readJsonFile } from './data-file.js';
import { cueForm, intentionForm } from './cues.js';
import type { Token } from './text.js';
import type { CueModel } from './types.js';

export const DEFAULT_CUE_MODEL_FILE = new URL('../data/cue-model.json', import.meta.url);

const norm = (t: Token | undefined): string => (!t ? '<none>' : t.kind === 'num' ? '<num>' : t.lower);

/** A crude stem: the word without an inflection ("backing", "backed", "backs" -> "back"). */
function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ied')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** The features of token `i`: the word, its neighbours, its shape and what the verb lists say of it. */
export function cueFeatures(tokens: Token[], i: number, inQuote: boolean): string[] {
  const f: string[] = [];
  eachCueFeature(tokens.map(norm), tokens, i, inQuote, (x) => f.push(x));
  return f;
}

/** The logit that token `i` is part of a cue; `norms` is tokens.map(norm) (see sentenceNorms), computed once a sentence. */
export function cueTokenScore(model: CueModel, norms: string[], tokens: Token[], i: number, inQuote: boolean): number {
  let z = model.bias;
  const w = model.weights;
  eachCueFeature(norms, tokens, i, inQuote, (x) => { z += w.get(x) ?? 0; });
  return z;
}

/** The normalised words of a sentence, as the features read them. */
export const sentenceNorms = (tokens: Token[]): string[] => tokens.map(norm);

const at = (norms: string[], k: number): string => (k >= 0 && k < norms.length ? norms[k]! : '<none>');

function eachCueFeature(norms: string[], tokens: Token[], i: number, inQuote: boolean, out: (f: string) => void): void {
  const t = tokens[i]!;
  const w = norms[i]!;
  const p = at(norms, i - 1);
  const p2 = at(norms, i - 2);
  const n = at(norms, i + 1);
  const n2 = at(norms, i + 2);
  out(`w=${w}`); out(`p=${p}`); out(`n=${n}`); out(`pw=${p}|${w}`); out(`wn=${w}|${n}`); out(`p2=${p2}`); out(`n2=${n2}`);
  out(`s3=${w.slice(-3)}`); out(`st=${stem(w)}`); out(`p2p=${p2}|${p}`); out(`nn2=${n}|${n2}`);
  // the words up to five either side (as the cue classifier of Pareti et al. 2013 does)
  for (let k = 3; k <= 5; k++) { out(`p${k}=${at(norms, i - k)}`); out(`n${k}=${at(norms, i + k)}`); }
  if (i > 0 && /^\p{Lu}/u.test(t.text)) out('cap');
  if (i === 0) out('first');
  if (inQuote) { out('quote'); out(`qw=${w}`); }
  const form = cueForm(t.lower);
  if (form) out(`cls=${form.cls}`);
  if (intentionForm(t.lower)) out('intent');
  const pf = tokens[i - 1] ? cueForm(tokens[i - 1]!.lower) : null;
  if (pf) out(`pcls=${pf.cls}`);
  for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
    if (tokens[k]!.lower === 'that') { out('that3'); break; }
    if (/^[“"]$/.test(tokens[k]!.text)) { out('quote3'); break; }
  }
}

/** The features of "the content that starts at token `k` ends before token `m`". */
export function endFeatures(tokens: Token[], k: number, m: number, inQuote: boolean): string[] {
  const t = tokens[m]!;
  const w = norm(t);
  const p = norm(tokens[m - 1]);
  const n = norm(tokens[m + 1]);
  const d = m - k;
  const dist = d <= 2 ? `${d}` : d <= 4 ? '3-4' : d <= 8 ? '5-8' : d <= 16 ? '9-16' : '17+';
  const f = [`w=${w}`, `p=${p}`, `n=${n}`, `wn=${w}|${n}`, `pw=${p}|${w}`, `d=${dist}`, `dw=${dist}|${w}`, `k=${norm(tokens[k])}`];
  if (/^\p{Lu}/u.test(t.text)) f.push('cap');
  if (inQuote) f.push('quote');
  const nf = tokens[m + 1] ? cueForm(tokens[m + 1]!.lower) : null;
  if (nf) f.push(`ncls=${nf.cls}`);
  const wf = cueForm(t.lower);
  if (wf) f.push(`wcls=${wf.cls}`);
  return f;
}

/** The logit that token `i` is part of a cue. */
export function cueScore(model: { bias: number; weights: Map<string, number> }, features: string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights.get(f) ?? 0;
  return z;
}

interface CueModelFile {
  threshold: number; novelThreshold: number; bias: number; weights: Record<string, number>; sourceless: string[];
  end: { threshold: number; bias: number; weights: Record<string, number> };
}

function weightsOf(o: Record<string, unknown>, source: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`cue model file ${source}: weight ${k} is not a number`);
    weights.set(k, v);
  }
  return weights;
}

/** Validates a parsed model file; errors name the file. */
export function parseCueModel(data: unknown, source: string): CueModel {
  const o = data as Partial<CueModelFile> | null;
  const e = o?.end;
  if (!o || typeof o !== 'object' || typeof o.threshold !== 'number' || typeof o.novelThreshold !== 'number' || typeof o.bias !== 'number' || !o.weights || typeof o.weights !== 'object' || !Array.isArray(o.sourceless)
    || !e || typeof e.threshold !== 'number' || typeof e.bias !== 'number' || !e.weights || typeof e.weights !== 'object') {
    throw new Error(`cue model file ${source}: expected { threshold, novelThreshold, bias, weights, sourceless, end: { threshold, bias, weights } }`);
  }
  return {
    threshold: o.threshold, novelThreshold: o.novelThreshold, bias: o.bias, weights: weightsOf(o.weights, source), sourceless: new Set(o.sourceless),
    end: { threshold: e.threshold, bias: e.bias, weights: weightsOf(e.weights, source) },
  };
}

let defaults: CueModel | null = null;
/** The model shipped with the package. */
export function defaultCueModel(): CueModel {
  defaults ??= parseCueModel(JSON.parse(readFileSync(DEFAULT_CUE_MODEL_FILE, 'utf8')), DEFAULT_CUE_MODEL_FILE.pathname);
  return defaults;
}

/** A model file other than the shipped one (run-files.ts --cue-model); errors name the file. */
export function loadCueModel(file: string): CueModel {
  const { data, name } = readJsonFile(file, 'cue model file');
  return parseCueModel(data, name);
}
