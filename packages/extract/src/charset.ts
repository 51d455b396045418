// Page bytes -> string, with the one charset decoder of @newsline/formats (the same bytes decode
// the same as a feed and as a page). Binary bytes are refused here, at the door.
import { PermanentError } from '@newsline/core';
import { binaryReason, decodeBytes, wideEncodingOf } from '@newsline/formats';

/** A page that is binary (a PDF, an image, random bytes), not text: never an article, never worth a retry. */
export class BinaryContentError extends PermanentError {
  override name = 'BinaryContentError';
  constructor(
    readonly page: string,
    readonly reason: string,
  ) {
    super(`${page}: ${reason}, not a text page`);
  }
}

/** The charset `decodeHtml` would use for these bytes (for logs and tests). */
export function detectCharset(bytes: Uint8Array, contentType?: string | null): string {
  return decodeBytes(bytes, { contentType, html: true }).encoding;
}

/**
 * Decodes page bytes to a string (see decodeBytes in @newsline/formats for the order of evidence).
 * Throws BinaryContentError, naming `name`, for binary bytes. NUL characters past the sniffed head
 * are dropped, as an HTML parser drops them from text.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string | null, name = `page of ${bytes.length} bytes`): string {
  if (!wideEncodingOf(bytes)) {
    const reason = binaryReason(bytes);
    if (reason) throw new BinaryContentError(name, reason);
  }
  const text = decodeBytes(bytes, { contentType, html: true }).text;
  return assertText(text, name);
}

/** Refuses decoded text that is binary (see decodeHtml) and drops stray NUL characters. */
export function assertText(text: string, name: string): string {
  const reason = binaryReason(text);
  if (reason) throw new BinaryContentError(name, reason);
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}
