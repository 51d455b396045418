export { normalizeText, contentHash } from './content-hash.js';
export { canonicalUrl } from './canonical-url.js';
