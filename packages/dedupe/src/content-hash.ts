import { createHash } from 'node:crypto';

/**
 * The text as compared for exact duplicates: Unicode NFKC, case folded, quotes and dashes
 * unified, every run of white space and punctuation reduced to one space.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** SHA-256 (hex) of the normalised text: equal for texts that differ only in case, spacing or punctuation. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeText(text)).digest('hex');
}
