/** Why a fetch failed; `kind` says whether trying again later can help. */
export type FetchErrorCode =
  | 'bad_url'
  | 'ssrf'
  | 'robots'
  | 'http_status'
  | 'too_large'
  | 'too_many_redirects'
  | 'redirect_loop'
  | 'timeout'
  | 'connection'
  | 'decode';

export type FetchErrorKind = 'permanent' | 'retryable';

/**
 * A failed fetch. The message names the URL. Permanent: 404/410 and other 4xx, refused by robots.txt
 * or the SSRF guard, too large, redirect loops, undecodable bodies. Retryable: timeouts, 5xx, 429,
 * 408 and connection errors (with `retryAfterMs` when the server said when to come back).
 */
export class FetchError extends Error {
  override name = 'FetchError';
  readonly kind: FetchErrorKind;
  readonly code: FetchErrorCode;
  readonly url: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(
    url: string,
    code: FetchErrorCode,
    kind: FetchErrorKind,
    detail: string,
    extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`${detail}: ${url}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.url = url;
    this.code = code;
    this.kind = kind;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }
  get permanent(): boolean {
    return this.kind === 'permanent';
  }
}
