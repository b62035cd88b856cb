import { ApiKey } from './api-key.matcher';

/** Options of the {@link ThrottlingModule} (one per BFF). */
export interface ThrottlingOptions {
  /**
   * The default policy, for every route without `@RateLimit()`: `limit` units per `windowMs`, for
   * each tier that `tiers` does not list.
   */
  limit: number;
  windowMs: number;
  /**
   * The default policy per tier: `anonymous` (no verified user, no known API key), `user` (a
   * verified token), or a name (e.g. `partner`) that a token's `tier` claim or an API key gives.
   * When this or `apiKeys` is not empty, the default policy is named `default:<tier>` (its own
   * counters per tier); otherwise it stays `default`.
   */
  tiers?: Readonly<Record<string, { limit: number; windowMs: number }>>;
  /** Machine clients recognised by `x-api-key` on routes without a verified user (public routes). */
  apiKeys?: readonly ApiKey[];
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
