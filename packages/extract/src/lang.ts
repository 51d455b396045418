import { detect } from 'tinyld';

/** Detects the language of a text (ISO 639-1), or null when too short or unsure. */
export function detectLang(text: string): string | null {
  const sample = text.slice(0, 2000);
  if (sample.replace(/\s+/g, '').length < 40) return null;
  try {
    const l = detect(sample);
    return l ? l : null;
  } catch {
    return null;
  }
}
