/** A feed that cannot be read. The message names the feed (name, else URL, else "feed") and why. */
export class FeedParseError extends Error {
  override name = 'FeedParseError';
  readonly feed: string;
  constructor(feed: string, reason: string, options?: { cause?: unknown }) {
    super(`${feed}: ${reason}`, options);
    this.feed = feed;
  }
}
