export { normalizeText, contentHash } from './content-hash.js';
export { canonicalUrl } from '@newsline/formats';
export * from './fingerprint.js';
export * from './verify.js';
export * from './terms.js';
export * from './story.js';
export { STORY_MODEL } from './story-model.js';
export * from './cluster.js';
export * from './stream.js';
