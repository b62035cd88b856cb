import fc from 'fast-check';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitDecision, RateLimitPolicy } from './rate-limit.store';

/** The sliding-window log as written down: one timestamp per counted unit, nothing else. */
class ReferenceLog {
  private readonly units = new Map<string, number[]>();

  consume(tracker: string, policies: readonly RateLimitPolicy[], cost: number, now: number): RateLimitDecision {
    const logs = policies.map((policy) => {
      const key = `${policy.name}:${tracker}`;
      const live = (this.units.get(key) ?? []).filter((time) => time > now - policy.windowMs);
      this.units.set(key, live);
      return live;
    });
    const states = policies.map((policy, i) => {
      const live = logs[i];
      const fits = live.length + cost <= policy.limit;
      // Refused: free once the oldest units that stand in the way have left the window.
      const retryAfterMs = fits ? 0 : cost > policy.limit ? policy.windowMs : live[live.length + cost - policy.limit - 1] + policy.windowMs - now;
      const oldest = live.length > 0 ? live[0] : now;
      return { policy, remaining: Math.max(policy.limit - live.length, 0), resetMs: oldest + policy.windowMs - now, retryAfterMs };
    });
    const allowed = states.every((state) => state.retryAfterMs === 0);
    if (!allowed) return { allowed, states };
    for (const live of logs) for (let unit = 0; unit < cost; unit++) live.push(now);
    return { allowed, states: states.map((state) => ({ ...state, remaining: state.remaining - cost })) };
  }
}

/** A request: after `advanceMs` (mostly 0: many requests share a millisecond), `cost` units for `tracker`. */
const request = fc.record({
  advanceMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: 31, max: 200 }) }),
  tracker: fc.constantFrom('a', 'b'),
  cost: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.integer({ min: 2, max: 9 }) }),
});

const policySet = fc.uniqueArray(
  fc.record({ name: fc.constantFrom('burst', 'sustained', 'default'), limit: fc.integer({ min: 1, max: 8 }), windowMs: fc.integer({ min: 1, max: 120 }) }),
  { minLength: 1, maxLength: 2, selector: (policy) => policy.name },
);

describe('MemoryRateLimitStore against a one-timestamp-per-unit log', () => {
  it('decides every request exactly as the plain sliding-window log does', async () => {
    await fc.assert(
      fc.asyncProperty(policySet, fc.array(request, { minLength: 1, maxLength: 300 }), async (policies, requests) => {
        let now = 5_000;
        const store = new MemoryRateLimitStore({ now: () => now, sweepIntervalMs: 50 });
        const reference = new ReferenceLog();
        for (const { advanceMs, tracker, cost } of requests) {
          now += advanceMs;
          expect(await store.consume(tracker, policies, cost)).toEqual(reference.consume(tracker, policies, cost, now));
        }
      }),
      { numRuns: 500 },
    );
  });
});
