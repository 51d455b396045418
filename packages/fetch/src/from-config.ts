import type { Config } from '@newsline/core';
import { HttpClient, type HttpClientOptions } from './client.js';

/**
 * The one way the services build their HTTP client: the configured contact URL, allow-list
 * (FETCH_ALLOW_HOSTS), timeout and size limit, plus what the caller adds (a shared per-host
 * limiter, robots.txt options). Every command and worker fetches under the same rules.
 */
export function createHttpClient(config: Config, extra: Omit<HttpClientOptions, 'contactUrl' | 'allowHosts'> = {}): HttpClient {
  return new HttpClient({
    contactUrl: config.contactUrl,
    allowHosts: config.fetch.allowHosts,
    totalTimeoutMs: config.fetch.timeoutMs,
    maxBodyBytes: config.fetch.maxBytes,
    ...extra,
  });
}
