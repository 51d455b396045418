export { HttpClient, NEWSLINE_VERSION, type HttpClientOptions, type FetchOptions, type FetchResult } from './client.js';
export { createHttpClient } from './from-config.js';
export { FetchError, type FetchErrorCode, type FetchErrorKind } from './errors.js';
export { parseRetryAfter } from '@newsline/formats';
export { RedisHostLimiter, MemoryHostLimiter, type HostLimiter, type Lease, type PolitenessOptions } from './politeness.js';
export { RobotsCache, parseRobots, type RobotsRules, type RobotsCacheOptions } from './robots.js';
export { SsrfPolicy, SsrfRefusal, WEB_PORTS } from './ssrf.js';
// The charset decoder lives in @newsline/formats (one decoder for feeds and pages); re-exported for callers of this package.
export {
  decodeBytes,
  decodeWith,
  isValidUtf8,
  normalizeEncoding,
  charsetFromContentType,
  charsetFromProlog,
  charsetFromMeta,
  type DecodedText,
  type CharsetSource,
} from '@newsline/formats';
