export { extractArticle } from './extract.js';
export type { ExtractOptions, ExtractedArticle } from './types.js';
