// A learned content model: a linear ranker over the candidate content spans of one cue (rules/content-spans.ts
// makes the candidates and their features); the span with the highest score is the content. Modelled on the
// content classifier of BBC Citron, which scores candidate spans of the sentence around a cue. Weights are data
// (packages/claims/data/content-model.json), made by train-content-model.ts from PolNeAR train articles that are
// not held out; see the README (Claims).
import { readFileSync } from 'node:fs';
import { readJsonFile } from './data-file.js';
import type { ContentModel } from './types.js';

export const DEFAULT_CONTENT_MODEL_FILE = new URL('../data/content-model.json', import.meta.url);

interface ContentModelFile { weights: Record<string, number> }

/** Validates a parsed model file; errors name the file. */
export function parseContentModel(data: unknown, source: string): ContentModel {
  const o = data as Partial<ContentModelFile> | null;
  if (!o || typeof o !== 'object' || !o.weights || typeof o.weights !== 'object') throw new Error(`content model file ${source}: expected { weights }`);
  const weights = new Map<string, number>();
  for (const [k, v] of Object.entries(o.weights)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`content model file ${source}: weight ${k} is not a number`);
    weights.set(k, v);
  }
  return { weights };
}

let defaults: ContentModel | null = null;
/** The model shipped with the package. */
export function defaultContentModel(): ContentModel {
  defaults ??= parseContentModel(JSON.parse(readFileSync(DEFAULT_CONTENT_MODEL_FILE, 'utf8')), DEFAULT_CONTENT_MODEL_FILE.pathname);
  return defaults;
}

/** A model file other than the shipped one (run-files.ts --content-model); errors name the file. */
export function loadContentModel(file: string): ContentModel {
  const { data, name } = readJsonFile(file, 'content model file');
  return parseContentModel(data, name);
}
