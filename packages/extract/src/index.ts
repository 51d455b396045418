export { extractArticle } from './extract.js';
export type { ExtractOptions, ExtractedArticle } from './types.js';
export { assertText, BinaryContentError, decodeHtml, detectCharset } from './charset.js';
export { createExtractPool, ExtractError, type ExtractPool, type ExtractPoolOptions, type PoolExtractOptions } from './pool.js';
export { decodePageBytes, decodeStoredPage, extractFiles, MAX_PAGE_BYTES, readHtmlFile, type ExtractFileLine, type ExtractFilesOptions } from './files.js';
export { enableJsdom } from './dom.js';
export { baselineReadability, loadBaseline } from './baseline.js';
export { detectLang } from './lang.js';
