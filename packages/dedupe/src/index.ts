export { normalizeText, contentHash } from './content-hash.js';
export { canonicalUrl } from '@newsline/formats';
export * from './fingerprint.js';
export * from './verify.js';
export * from './terms.js';
export * from './story.js';
export * from './stream.js';
export * from './pipeline.js';
