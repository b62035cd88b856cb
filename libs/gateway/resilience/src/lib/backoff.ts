/** Exponential backoff bounds. */
export interface BackoffOptions {
  /** Upper bound of the first retry's wait, default 25 ms. */
  baseMs?: number;
  /** Upper bound of any wait, default 250 ms. */
  maxMs?: number;
}

/**
 * The wait before retry number `retry` (1 for the first): exponential backoff with full jitter,
 * uniformly random in `[0, min(max, base x 2^(retry-1)))`.
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const cap = Math.min(options.maxMs ?? 250, (options.baseMs ?? 25) * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}
