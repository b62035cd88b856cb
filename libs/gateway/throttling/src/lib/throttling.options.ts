/** Options of the {@link ThrottlingModule} (one per BFF). */
export interface ThrottlingOptions {
  /** The default policy, for every route without `@RateLimit()`: `limit` units per `windowMs`. */
  limit: number;
  windowMs: number;
  /**
   * While the store cannot answer: `open` serves the request without `RateLimit-*` headers,
   * `closed` answers 503 with `Retry-After`. Both count `rate_limit_store_failures_total`.
   */
  failMode: 'open' | 'closed';
  /** Redis URL: counters shared by every replica; unset = in-process counters. */
  redisUrl?: string;
  /** Key namespace, `bff:rl:<client>:` in a BFF; keys are `<keyPrefix><policy>:<tracker>`. Default `bff:rl:`. */
  keyPrefix?: string;
  /** Longest wait for Redis per request before the fail mode applies. Default 50 ms. */
  redisTimeoutMs?: number;
}
