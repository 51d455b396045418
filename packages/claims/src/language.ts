// Which articles the claim rules read: they are written for English. An article in another language is
// not analysed (no claims, no figures), and says so, instead of giving figures that are words of its sentences.

/** Languages the rules are written for (ISO 639-1). */
export const RULE_LANGUAGES: readonly string[] = ['en'];

/** The base ISO 639-1 code of a language tag ("en-US" -> "en"), or null for none. */
export function baseLanguage(tag: string | null | undefined): string | null {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return base ? base : null;
}

/**
 * The note an article carries when the rules do not apply to its language: "not analysed (language ar)";
 * null when they do, or when the language is unknown (the rules then run, as on any English text).
 */
export function notAnalysedNote(language: string | null | undefined): string | null {
  const base = baseLanguage(language);
  if (!base || RULE_LANGUAGES.includes(base)) return null;
  return `not analysed (language ${base})`;
}
