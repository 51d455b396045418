import { decodeHTML } from 'entities';

/** Collapses runs of white space to one space and trims. */
export function collapse(s: string): string {
  return s.replace(/[\s\u00A0]+/g, ' ').trim();
}

/**
 * Plain text of an HTML fragment: drops script/style (with their content), comments and tags,
 * decodes entities, collapses white space.
 */
export function htmlToText(html: string): string {
  const noBlocks = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|noscript|template)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, '$1');
  const noTags = noBlocks
    .replace(/<\/?(?:p|div|br|li|h[1-6]|tr|td|blockquote|section|article)\b[^<>]*>/gi, ' ')
    .replace(/<\/?[A-Za-z][^<>]*>/g, '')
    .replace(/<[!?][^<>]*>/g, '');
  return collapse(decodeHTML(noTags));
}

/** True when a string looks like it carries markup or escaped entities. */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[A-Za-z][^<>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});/i.test(s);
}
