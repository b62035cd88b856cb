import type { BackoffOptions, BalancingStrategy, BreakerOptions, CanaryOptions, OutlierOptions, RetryBudgetOptions } from '@bff/gateway-resilience';

/** How the BFF treats one service, beyond the defaults. */
export interface ServicePolicy {
  /** Load-balancing strategy, default `least-request` (power of two choices). */
  balancing?: BalancingStrategy;
  /** Calls in flight at most (bulkhead); default {@link UpstreamOptions.maxInFlight}. */
  maxInFlight?: number;
  /** A canary release taking a share of the users, or requests sent with `x-canary: 1`. */
  canary?: CanaryOptions;
}

/** Retry policy of idempotent requests. */
export interface RetryOptions {
  /** Attempts in total, the first included, default 3. */
  maxAttempts?: number;
  /** Exponential backoff with full jitter between attempts. */
  backoff?: BackoffOptions;
  /** Share of retries per service in a rolling window, with a floor per second. */
  budget?: RetryBudgetOptions;
}

/** Options of the upstream layer of one BFF. */
export interface UpstreamOptions {
  /** This BFF's client kind, sent upstream as `x-client`. */
  client: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /**
   * Time budget of an incoming request for all its upstream calls, default `timeoutMs`; a route
   * sets its own with `@RouteConfig({ deadlineMs })`, a caller lowers it with `x-request-deadline-ms`.
   */
  deadlineMs?: number;
  /** Circuit breaker knobs, one breaker per service; default 10 calls, 50 %, 10 s. */
  breaker?: BreakerOptions;
  /** Retries of idempotent requests. */
  retry?: RetryOptions;
  /** Passive outlier ejection. */
  outlier?: OutlierOptions;
  /** Calls in flight per service at most (bulkhead), default 256. */
  maxInFlight?: number;
  /** Per-service policies. */
  services?: Readonly<Record<string, ServicePolicy>>;
}

/** Injection token of the {@link UpstreamOptions}. */
export const UPSTREAM_OPTIONS = Symbol('UPSTREAM_OPTIONS');
