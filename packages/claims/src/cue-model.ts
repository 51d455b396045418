// A learned cue model: a logistic regression that scores each word of a sentence as part of an attribution
// cue ("backing", "is expected", "made a case for"), for the long tail of cues the verb lists do not name.
// Weights are data (packages/claims/data/cue-model.json), made by train-cue-model.ts from PolNeAR train
// articles that are not held out; see the README (Claims).
import { readFileSync } from 'node:fs';
import { cueForm, intentionForm } from './cues.js';
import type { Token } from './text.js';

export interface CueModel {
  /** The score above which a word is part of a cue (the probability, as a logit). */
  threshold: number;
  bias: number;
  weights: Map<string, number>;
  /** Cue words whose attributions mostly have no source ("seemed", "reportedly"): their claims get no speaker. */
  sourceless: Set<string>;
}

export const DEFAULT_CUE_MODEL_FILE = new URL('../data/cue-model.json', import.meta.url);

const norm = (t: Token | undefined): string => (!t ? '<none>' : t.kind === 'num' ? '<num>' : t.lower);

/** The features of token `i`: the word, its neighbours, its shape and what the verb lists say of it. */
export function cueFeatures(tokens: Token[], i: number, inQuote: boolean): string[] {
  const t = tokens[i]!;
  const w = norm(t);
  const p = norm(tokens[i - 1]);
  const p2 = norm(tokens[i - 2]);
  const n = norm(tokens[i + 1]);
  const n2 = norm(tokens[i + 2]);
  const f = [`w=${w}`, `p=${p}`, `n=${n}`, `pw=${p}|${w}`, `wn=${w}|${n}`, `p2=${p2}`, `n2=${n2}`, `s3=${w.slice(-3)}`];
  if (i > 0 && /^\p{Lu}/u.test(t.text)) f.push('cap');
  if (i === 0) f.push('first');
  if (inQuote) f.push('quote', `qw=${w}`);
  const form = cueForm(t.lower);
  if (form) f.push(`cls=${form.cls}`);
  if (intentionForm(t.lower)) f.push('intent');
  const pf = tokens[i - 1] ? cueForm(tokens[i - 1]!.lower) : null;
  if (pf) f.push(`pcls=${pf.cls}`);
  for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
    if (tokens[k]!.lower === 'that') { f.push('that3'); break; }
    if (/^[“"]$/.test(tokens[k]!.text)) { f.push('quote3'); break; }
  }
  return f;
}

/** The logit that token `i` is part of a cue. */
export function cueScore(model: CueModel, features: string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights.get(f) ?? 0;
  return z;
}

interface CueModelFile { threshold: number; bias: number; weights: Record<string, number>; sourceless: string[] }

/** Validates a parsed model file; errors name the file. */
export function parseCueModel(data: unknown, source: string): CueModel {
  const o = data as Partial<CueModelFile> | null;
  if (!o || typeof o !== 'object' || typeof o.threshold !== 'number' || typeof o.bias !== 'number' || !o.weights || typeof o.weights !== 'object' || !Array.isArray(o.sourceless)) {
    throw new Error(`cue model file ${source}: expected { threshold, bias, weights, sourceless }`);
  }
  const weights = new Map<string, number>();
  for (const [k, v] of Object.entries(o.weights)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`cue model file ${source}: weight ${k} is not a number`);
    weights.set(k, v);
  }
  return { threshold: o.threshold, bias: o.bias, weights, sourceless: new Set(o.sourceless) };
}

let defaults: CueModel | null = null;
/** The model shipped with the package. */
export function defaultCueModel(): CueModel {
  defaults ??= parseCueModel(JSON.parse(readFileSync(DEFAULT_CUE_MODEL_FILE, 'utf8')), DEFAULT_CUE_MODEL_FILE.pathname);
  return defaults;
}
