export interface ExtractOptions {
  /** The page's URL, when known: resolves relative links, feeds the URL-date and canonical rules. */
  url?: string | null;
  /** The feed entry's date, the last fallback for publishedAt (ISO). */
  feedPublishedAt?: string | null;
  /** The DOM implementation: 'linkedom' (default, fastest) or 'jsdom' (call `enableJsdom()` first). */
  dom?: 'linkedom' | 'jsdom';
  /** Plain Readability: no clean-up before or after it (metadata is still read). For baselines. */
  raw?: boolean;
}

export interface ExtractedArticle {
  /** False for index pages, video pages and empty shells; `text` is then not an article. */
  isArticle: boolean;
  notArticleReason: string | null;
  title: string | null;
  byline: string | null;
  /** UTC ISO 8601 (`2024-01-31T00:00:00Z`) or null. */
  publishedAt: string | null;
  modifiedAt: string | null;
  lang: string | null;
  canonicalUrl: string | null;
  siteName: string | null;
  image: string | null;
  /** The article text, paragraphs separated by blank lines. */
  text: string;
  /** Set when extraction itself failed (the page could not be processed); names the page. */
  error?: string;
}
