// Formats of what Newsline takes in, shared by the stages: URLs, charsets, HTTP header values,
// compressed and binary bytes, a short hash for keys, and English plurals. No Newsline dependencies.
export { canonicalUrl } from './canonical-url.js';
export {
  decodeBytes,
  decodeWith,
  isValidUtf8,
  normalizeEncoding,
  charsetFromContentType,
  charsetFromProlog,
  charsetFromMeta,
  wideEncodingOf,
  type DecodedText,
  type CharsetSource,
} from './charset.js';
export { binaryReason } from './binary.js';
export { DecompressionError, gunzipLimited, isGzip } from './decompress.js';
export { fnv1a32, fnv1a32Hex } from './hash.js';
export { parseRetryAfter } from './retry-after.js';
export { singular, stem } from './english.js';
