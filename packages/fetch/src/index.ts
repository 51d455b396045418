export { HttpClient, NEWSLINE_VERSION, type HttpClientOptions, type FetchOptions, type FetchResult } from './client.js';
export { FetchError, parseRetryAfter, type FetchErrorCode, type FetchErrorKind } from './errors.js';
export { RedisHostLimiter, MemoryHostLimiter, type HostLimiter, type Lease, type PolitenessOptions } from './politeness.js';
export { RobotsCache, parseRobots, type RobotsRules, type RobotsCacheOptions } from './robots.js';
export { SsrfPolicy, SsrfRefusal } from './ssrf.js';
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
} from './charset.js';
