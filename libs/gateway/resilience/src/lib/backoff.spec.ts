import { backoffDelay } from './backoff';

describe('backoffDelay (exponential, full jitter)', () => {
  it.each([
    [1, 25],
    [2, 50],
    [3, 100],
    [4, 200],
    [5, 250],
    [10, 250],
  ])('retry %i waits in [0, %i)', (retry, cap) => {
    expect(backoffDelay(retry, { baseMs: 25, maxMs: 250 }, () => 0)).toBe(0);
    expect(backoffDelay(retry, { baseMs: 25, maxMs: 250 }, () => 0.999999)).toBe(cap - 1);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(retry, { baseMs: 25, maxMs: 250 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(cap);
    }
  });
});
