import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Where the chosen encoding came from. */
export type CharsetSource = 'bom' | 'autodetect' | 'http' | 'prolog' | 'utf8-valid' | 'guess' | 'default';

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

/** The charset parameter of a Content-Type header, lower case, or undefined. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m?.[2]?.toLowerCase();
}

/** The encoding named in the XML declaration (read as ASCII), lower case, or undefined. */
export function charsetFromProlog(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const m = /^[\s\S]{0,200}?<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

/** HTML <meta charset> or http-equiv, in the first 4 KB, for pages. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

/** True when the bytes are valid UTF-8 (strict: no overlongs, no surrogates). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

const ALIASES: Record<string, string> = {
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'windows-1252', // as browsers do: C1 bytes are almost always cp1252 punctuation
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'x-sjis': 'shift_jis',
  gb2312: 'gbk', // GBK is a superset; iconv-lite decodes both
  'ks_c_5601-1987': 'euc-kr',
  'x-euc-jp': 'euc-jp',
};

/** A usable encoding name for iconv-lite, or undefined for unknown/bogus names. */
export function normalizeEncoding(name: string | undefined): string | undefined {
  if (!name) return undefined;
  let n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  n = ALIASES[n] ?? n;
  if (n === 'utf8') n = 'utf-8';
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
  const sample = Buffer.from(bytes.subarray(0, 64 * 1024));
  const found = chardet.analyse(sample)[0];
  // chardet's Latin-1 answers are cp1252 in practice; other answers need some confidence.
  const latin = !found || /^(iso-8859-1|windows-1252)$/i.test(found.name);
  const name = !latin && found.confidence >= 25 ? normalizeEncoding(found.name) : undefined;
  // UTF-16/32 without signature and non-ASCII guesses on short inputs are unreliable.
  if (!name || isWide(name) || name === 'utf-8') return 'windows-1252';
  return name;
}

/**
 * Decodes feed or page bytes to a string. Order: byte-order mark; UTF-16/32 signature; HTTP
 * charset; XML prolog (or HTML meta); default UTF-8. A declared single-byte or legacy encoding
 * loses to bytes that are valid UTF-8 with non-ASCII content (the usual misconfiguration), and a
 * declared UTF-8 that is not valid UTF-8 falls back to a guess (chardet, else windows-1252).
 */
export function decodeBytes(
  input: Uint8Array | string,
  opts: { contentType?: string | undefined; html?: boolean } = {},
): DecodedText {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8', source: 'default' };
  const bytes = input;
  for (const [sig, enc] of BOMS) {
    if (startsWith(bytes, sig)) return { text: decode(bytes.subarray(sig.length), enc), encoding: enc, source: 'bom' };
  }
  for (const [sig, enc] of SIGNATURES) {
    if (startsWith(bytes, sig)) return { text: decode(bytes, enc), encoding: enc, source: 'autodetect' };
  }
  const valid = isValidUtf8(bytes);
  const high = hasHighBytes(bytes);
  const candidates: [string | undefined, CharsetSource][] = [
    [charsetFromContentType(opts.contentType), 'http'],
    [opts.html ? charsetFromMeta(bytes) : charsetFromProlog(bytes), 'prolog'],
  ];
  for (const [declared, source] of candidates) {
    const enc = normalizeEncoding(declared);
    if (!enc) continue;
    // A wide encoding declared in an ASCII-compatible document (no BOM, no signature) is wrong.
    if (isWide(enc)) continue;
    if (enc === 'utf-8') {
      if (valid) return { text: decode(bytes, 'utf-8'), encoding: 'utf-8', source };
      const g = guess(bytes);
      return { text: decode(bytes, g), encoding: g, source: 'guess' };
    }
    if (valid && high) return { text: decode(bytes, 'utf-8'), encoding: 'utf-8', source: 'utf8-valid' };
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
