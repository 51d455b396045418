export { HttpClient, NEWSLINE_VERSION, type HttpClientOptions, type FetchOptions, type FetchResult } from './client.js';
export { createHttpClient } from './from-config.js';
export { FetchError, type FetchErrorCode, type FetchErrorKind } from './errors.js';
export { RedisHostLimiter, MemoryHostLimiter, type HostLimiter, type Lease, type PolitenessOptions } from './politeness.js';
export { RobotsCache, parseRobots, type RobotsRules, type RobotsCacheOptions } from './robots.js';
export { SsrfPolicy, SsrfRefusal, WEB_PORTS } from './ssrf.js';
