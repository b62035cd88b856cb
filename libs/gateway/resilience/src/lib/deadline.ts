/** Header carrying a request's remaining time budget in milliseconds, in and out. */
export const DEADLINE_HEADER = 'x-request-deadline-ms';

const DIGITS = /^\d{1,9}$/;

/**
 * The deadline (`performance.now()` based) of a request that starts now: its route's budget, or
 * less when the caller's `x-request-deadline-ms` says so. A malformed header is ignored.
 */
export function deadlineOf(budgetMs: number, header: string | string[] | undefined, now = performance.now()): number {
  const asked = typeof header === 'string' && DIGITS.test(header) ? Number(header) : Infinity;
  return now + Math.min(budgetMs, asked);
}
