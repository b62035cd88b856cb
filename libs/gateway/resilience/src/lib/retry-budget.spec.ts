import { RetryBudget } from './retry-budget';

function retriesAllowed(budget: RetryBudget, now: number, max = 1000): number {
  let allowed = 0;
  while (allowed < max && budget.tryRetry(now)) allowed++;
  return allowed;
}

describe('RetryBudget', () => {
  it('always allows the floor per second of window, however light the traffic', () => {
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 3, windowMs: 10_000 });
    budget.request(0);
    expect(retriesAllowed(budget, 0)).toBe(30);
  });

  it('caps retries at the ratio of requests under heavy traffic', () => {
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 3, windowMs: 10_000 });
    for (let i = 0; i < 1000; i++) budget.request(500);
    expect(retriesAllowed(budget, 500)).toBe(200);
  });

  it('forgets requests and retries once they leave the rolling window', () => {
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 1, windowMs: 2_000 });
    for (let i = 0; i < 100; i++) budget.request(0);
    expect(retriesAllowed(budget, 0)).toBe(20);
    expect(retriesAllowed(budget, 1_500)).toBe(0);
    expect(retriesAllowed(budget, 2_000)).toBe(2);
    expect(retriesAllowed(budget, 60_000)).toBe(2);
  });
});
