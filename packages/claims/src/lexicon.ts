// Words read from data (packages/claims/data/lexicon.json), not code: what a counted noun is a class of,
// and which capitalised words are not names. An operator extends the default file with their own.
import { readJsonFile } from './data-file.js';

export interface SubjectRule {
  /** The class given when the rule fits. */
  class: string;
  /** The class the counted phrase has before the rule. */
  ifClass: string;
  /** Words (lower case) of which one must stand in the counted phrase or its clause. */
  ifAny: string[];
}

export interface Lexicon {
  /** Counted noun lemma or participle -> class. */
  subjects: Record<string, string>;
  subjectRules: SubjectRule[];
  /** Capitalised words that are not (parts of) a person's name. */
  notNames: Set<string>;
}

export const DEFAULT_LEXICON_FILE = new URL('../data/lexicon.json', import.meta.url);

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Validates a parsed lexicon file; errors name the file and the bad entry. */
export function parseLexicon(data: unknown, source: string): Lexicon {
  const o = data as { subjects?: unknown; subjectRules?: unknown; notNames?: unknown } | null;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error(`lexicon file ${source}: expected an object with subjects, subjectRules, notNames`);
  const subjects = Object.create(null) as Record<string, string>;
  if (o.subjects !== undefined) {
    if (!o.subjects || typeof o.subjects !== 'object' || Array.isArray(o.subjects)) throw new Error(`lexicon file ${source}: subjects must be an object of word -> class`);
    for (const [k, v] of Object.entries(o.subjects)) {
      if (typeof v !== 'string' || !v) throw new Error(`lexicon file ${source}: subjects.${k} must be a class name`);
      subjects[k.toLowerCase()] = v;
    }
  }
  const rules: SubjectRule[] = [];
  if (o.subjectRules !== undefined) {
    if (!Array.isArray(o.subjectRules)) throw new Error(`lexicon file ${source}: subjectRules must be an array`);
    o.subjectRules.forEach((r: unknown, i: number) => {
      const x = r as Partial<SubjectRule> | null;
      if (!x || typeof x.class !== 'string' || typeof x.ifClass !== 'string' || !isStringArray(x.ifAny)) {
        throw new Error(`lexicon file ${source}: subjectRules[${i}] needs class, ifClass and ifAny (an array of words)`);
      }
      rules.push({ class: x.class, ifClass: x.ifClass, ifAny: x.ifAny.map((w) => w.toLowerCase()) });
    });
  }
  if (o.notNames !== undefined && !isStringArray(o.notNames)) throw new Error(`lexicon file ${source}: notNames must be an array of words`);
  return { subjects, subjectRules: rules, notNames: new Set(o.notNames ?? []) };
}

function readLexicon(file: string | URL): Lexicon {
  const { data, name } = readJsonFile(file, 'lexicon file');
  return parseLexicon(data, name);
}

/** An operator's lexicon over the default: subjects and names added to (theirs win), their rules tried first. */
export function mergeLexicon(base: Lexicon, over: Lexicon): Lexicon {
  return {
    subjects: Object.assign(Object.create(null) as Record<string, string>, base.subjects, over.subjects),
    subjectRules: [...over.subjectRules, ...base.subjectRules],
    notNames: new Set([...base.notNames, ...over.notNames]),
  };
}

let defaults: Lexicon | null = null;
/** The lexicon shipped with the package. */
export function defaultLexicon(): Lexicon {
  defaults ??= readLexicon(DEFAULT_LEXICON_FILE);
  return defaults;
}

/** The default lexicon with the operator's file (if given) merged over it. Errors name the file. */
export function loadLexicon(file?: string): Lexicon {
  return file ? mergeLexicon(defaultLexicon(), readLexicon(file)) : defaultLexicon();
}

/**
 * The lexicon an operator names in a setting (LEXICON_FILE) merged over the default, read at start-up so that a
 * bad file stops the process: the error names the setting and the file.
 */
export function loadLexiconSetting(file: string | undefined, setting = 'LEXICON_FILE'): Lexicon {
  try {
    return loadLexicon(file);
  } catch (err) {
    throw new Error(`${setting}=${file}: ${(err as Error).message}`, { cause: err });
  }
}
