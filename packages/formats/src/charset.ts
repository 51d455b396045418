// The one charset decoder for feeds and pages. See decodeBytes for the order of evidence.
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Where the chosen encoding came from. */
export type CharsetSource = 'bom' | 'autodetect' | 'http' | 'prolog' | 'meta' | 'utf8-valid' | 'guess' | 'default';

export interface DecodedText {
  text: string;
  /** The encoding used to decode, lower case (e.g. "utf-8", "windows-1252", "utf-16le"). */
  encoding: string;
  source: CharsetSource;
}

const BOMS: [number[], string][] = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

// "<?" or "<" + first letter in each encoding, when there is no BOM (XML 1.0 appendix F).
const SIGNATURES: [number[], string][] = [
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  if (bytes.length < sig.length) return false;
  return sig.every((b, i) => bytes[i] === b);
}

/** The encoding a byte-order mark or a UTF-16/32 signature announces, or undefined. */
export function wideEncodingOf(bytes: Uint8Array): { encoding: string; bomLength: number } | undefined {
  for (const [sig, enc] of BOMS) if (startsWith(bytes, sig)) return { encoding: enc, bomLength: sig.length };
  for (const [sig, enc] of SIGNATURES) if (startsWith(bytes, sig)) return { encoding: enc, bomLength: 0 };
  return undefined;
}

/** The charset parameter of a Content-Type header, lower case, or undefined. */
export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*(["']?)([^"';,\s]+)\1/i.exec(contentType);
  return m?.[2]?.toLowerCase();
}

/** The encoding named in the XML declaration (read as ASCII), lower case, or undefined. */
export function charsetFromProlog(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const m = /^[\s\S]{0,200}?<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

/** HTML <meta charset> or <meta http-equiv="Content-Type" content="...; charset=...">, in the first 4 KB. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes are valid UTF-8 (strict: no overlongs, no surrogates). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

// Labels as the WHATWG Encoding Standard maps them (what browsers do), for the labels real
// documents use; iconv-lite knows the canonical names and many more aliases.
const LABELS: Record<string, string> = {};
const label = (target: string, names: string[]): void => {
  for (const n of names) LABELS[n] = target;
};
label('utf-8', ['utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8']);
// us-ascii and ISO-8859-1 are windows-1252 in browsers: C1 bytes are almost always its punctuation.
label('windows-1252', ['us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso-8859-1', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso-ir-100', 'latin1', 'latin-1', 'l1', 'cp1252', 'x-cp1252', 'cp819', 'ibm819', 'csisolatin1']);
label('shift_jis', ['shift-jis', 'sjis', 'x-sjis', 'ms_kanji', 'windows-31j', 'cp932', 'ms932', 'csshiftjis']);
label('gbk', ['gb2312', 'x-gbk', 'gb_2312', 'gb_2312-80', 'chinese', 'csgb2312', 'iso-ir-58']);
label('euc-kr', ['ks_c_5601-1987', 'ks_c_5601-1989', 'ksc5601', 'ksc_5601', 'windows-949', 'cseuckr']);
label('big5', ['big5-hkscs', 'x-x-big5', 'cn-big5', 'csbig5']);
label('euc-jp', ['x-euc-jp', 'cseucpkdfmtjapanese']);
label('utf-16le', ['utf-16', 'utf16', 'ucs-2', 'unicode']);

/** A usable encoding name for iconv-lite (WHATWG label mapping first), or undefined for unknown names. */
export function normalizeEncoding(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  let n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!n) return undefined;
  n = LABELS[n] ?? n;
  // UTF-7 is refused as browsers refuse it: '+...-' runs would turn plain ASCII into markup.
  if (/^(utf-?7|unicode-1-1-utf-7|csunicode11utf7)/.test(n)) return undefined;
  return iconv.encodingExists(n) ? n : undefined;
}

function isWide(enc: string): boolean {
  return /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(enc);
}

function decode(bytes: Uint8Array, enc: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (enc === 'utf-8') return new TextDecoder('utf-8').decode(buf).replace(/^\uFEFF/, '');
  return iconv.decode(buf, enc, { stripBOM: true });
}

function guess(bytes: Uint8Array): string {
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024));
  const found = chardet.analyse(sample)[0];
  // chardet's Latin-1 answers are cp1252 in practice; other answers need some confidence.
  const latin = !found || /^(iso-8859-1|windows-1252)$/i.test(found.name);
  const name = !latin && found.confidence >= 25 ? normalizeEncoding(found.name) : undefined;
  // UTF-16/32 without signature and UTF-8 guesses for bytes that are not UTF-8 are wrong.
  if (!name || isWide(name) || name === 'utf-8') return 'windows-1252';
  return name;
}

/**
 * Decodes feed or page bytes to a string, the same way for both. Evidence, in order: a byte-order
 * mark; a UTF-16/32 signature; the HTTP charset; the document's own declaration (the XML prolog
 * for feeds; for pages `<meta charset>`, then an XML prolog); else UTF-8. Labels map as browsers
 * map them (us-ascii and ISO-8859-1 are windows-1252). Two repairs for the usual mislabelling:
 * bytes that are valid UTF-8 with non-ASCII content are UTF-8 whatever legacy encoding is
 * declared, and a declared UTF-8 that is not valid UTF-8 falls back to a guess (chardet, else
 * windows-1252). A wide encoding declared in an ASCII-compatible document is ignored.
 */
export function decodeBytes(
  input: Uint8Array | string,
  opts: { contentType?: string | null | undefined; html?: boolean } = {},
): DecodedText {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8', source: 'default' };
  const bytes = input;
  const wide = wideEncodingOf(bytes);
  if (wide) {
    return { text: decode(bytes.subarray(wide.bomLength), wide.encoding), encoding: wide.encoding, source: wide.bomLength ? 'bom' : 'autodetect' };
  }
  const valid = isValidUtf8(bytes);
  const candidates: [string | undefined, CharsetSource][] = [[charsetFromContentType(opts.contentType), 'http']];
  if (opts.html) candidates.push([charsetFromMeta(bytes), 'meta']);
  candidates.push([charsetFromProlog(bytes), 'prolog']);
  for (const [declared, source] of candidates) {
    const enc = normalizeEncoding(declared);
    if (!enc || isWide(enc)) continue;
    if (enc === 'utf-8') {
      if (valid) return { text: decode(bytes, 'utf-8'), encoding: 'utf-8', source };
      const g = guess(bytes);
      return { text: decode(bytes, g), encoding: g, source: 'guess' };
    }
    if (valid && hasHighBytes(bytes)) return { text: decode(bytes, 'utf-8'), encoding: 'utf-8', source: 'utf8-valid' };
    return { text: decode(bytes, enc), encoding: enc, source };
  }
  if (valid) return { text: decode(bytes, 'utf-8'), encoding: 'utf-8', source: 'default' };
  const g = guess(bytes);
  return { text: decode(bytes, g), encoding: g, source: 'guess' };
}

/** Decodes bytes with a named encoding (iconv-lite names), dropping a BOM. Throws on unknown names. */
export function decodeWith(bytes: Uint8Array, encoding: string): string {
  const enc = encoding.toLowerCase();
  if (!iconv.encodingExists(enc)) throw new TypeError(`unknown encoding: ${JSON.stringify(encoding)}`);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), enc, { stripBOM: true });
}
