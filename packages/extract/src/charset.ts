// Page bytes -> string. The encoding is taken from, in order: a byte-order mark, the HTTP
// Content-Type charset, a <meta charset> / <meta http-equiv="Content-Type"> / XML declaration
// in the first 4 KB, then valid UTF-8, else a guess by chardet. iconv-lite decodes.
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** WHATWG-style label normalisation for the labels pages actually use. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  // WHATWG: these labels all mean windows-1252
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'x-cp1252', 'iso_8859-1', 'cp819', 'ibm819'].includes(l)) return 'windows-1252';
  if (['shift_jis', 'shift-jis', 'sjis', 'x-sjis', 'ms_kanji', 'windows-31j', 'cp932', 'ms932'].includes(l)) return 'shift_jis';
  if (['gb2312', 'gbk', 'x-gbk', 'gb_2312-80', 'chinese', 'csgb2312'].includes(l)) return 'gbk';
  if (l === 'euc-kr' || l === 'ks_c_5601-1987' || l === 'windows-949') return 'euc-kr';
  if (l === 'big5' || l === 'big5-hkscs' || l === 'x-x-big5') return 'big5';
  if (l === 'utf-16' || l === 'utf-16le') return 'utf-16le';
  if (l === 'utf-16be') return 'utf-16be';
  return iconv.encodingExists(l) ? l : null;
}

/** The charset parameter of a Content-Type header value, if any. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return m ? normalizeCharset(m[1]) : null;
}

function bomCharset(b: Uint8Array): { charset: string; skip: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  return null;
}

/** The charset declared in the document's first bytes (<meta charset>, http-equiv, <?xml encoding>). */
export function sniffMetaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  let m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (m) return normalizeCharset(m[1]);
  m = /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  if (m) return normalizeCharset(m[1]);
  return null;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeAs(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  try {
    return iconv.decode(bytes, charset);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** The charset `decodeHtml` would use for these bytes (for logs and tests). */
export function detectCharset(bytes: Uint8Array, contentType?: string): string {
  const bom = bomCharset(bytes);
  if (bom) return bom.charset;
  const declared = charsetFromContentType(contentType) ?? sniffMetaCharset(bytes);
  const ascii = !bytes.some((x) => x >= 0x80);
  if (declared) {
    // a page declared UTF-8 whose bytes are not UTF-8 is usually windows-1252 mislabelled
    if (declared === 'utf-8' && !ascii && !isUtf8(bytes)) return guess(bytes) ?? 'windows-1252';
    return declared;
  }
  if (ascii || isUtf8(bytes)) return 'utf-8';
  return guess(bytes) ?? 'windows-1252';
}

function guess(bytes: Uint8Array): string | null {
  try {
    const g = normalizeCharset(chardet.detect(bytes.subarray(0, 64 * 1024)));
    return g && g !== 'utf-8' ? g : null;
  } catch {
    return null;
  }
}

/**
 * Decodes page bytes to a string: BOM, then the HTTP Content-Type charset, then the page's own
 * declaration, then valid UTF-8, else chardet's guess. Never throws.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  const bom = bomCharset(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.skip), bom.charset);
  return decodeAs(bytes, detectCharset(bytes, contentType));
}
