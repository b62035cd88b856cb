import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitPolicy } from './rate-limit.store';

const policy = (limit: number, windowMs: number, name = 'default'): RateLimitPolicy => ({ name, limit, windowMs });

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryRateLimitStore', () => {
  it('allows exactly `limit` units in a window, counting remaining down, then refuses', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const p = [policy(3, 60_000)];
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const decision = await store.consume('ip:1', p, 1);
      expect(decision.allowed).toBe(true);
      remaining.push(decision.states[0].remaining);
      time.advance(1000);
    }
    expect(remaining).toEqual([2, 1, 0]);
    const refused = await store.consume('ip:1', p, 1);
    expect(refused.allowed).toBe(false);
    expect(refused.states[0]).toMatchObject({ remaining: 0, retryAfterMs: 57_000, resetMs: 57_000 });
  });

  it('slides: a unit frees exactly when it leaves the window', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const p = [policy(2, 1000)];
    await store.consume('t', p, 1); // t=0
    time.advance(400);
    await store.consume('t', p, 1); // t=400
    time.advance(599); // t=999: the first unit is still inside
    expect((await store.consume('t', p, 1)).states[0].retryAfterMs).toBe(1);
    time.advance(1); // t=1000: it has left
    expect((await store.consume('t', p, 1)).allowed).toBe(true);
    const refused = await store.consume('t', p, 1);
    expect(refused.allowed).toBe(false);
    expect(refused.states[0].retryAfterMs).toBe(400); // the unit of t=400 leaves at t=1400
  });

  it('counts a cost in units and refuses a cost that no longer fits', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const p = [policy(10, 60_000)];
    expect((await store.consume('t', p, 4)).states[0].remaining).toBe(6);
    time.advance(10_000);
    expect((await store.consume('t', p, 4)).states[0].remaining).toBe(2);
    const refused = await store.consume('t', p, 4);
    expect(refused).toMatchObject({ allowed: false, states: [{ remaining: 2, retryAfterMs: 50_000 }] });
    expect((await store.consume('t', p, 2)).states[0].remaining).toBe(0);
  });

  it('stays exact over a long steady run (expired hits skipped and compacted)', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const p = [policy(50, 100)];
    for (let i = 0; i < 49; i++) {
      await store.consume('t', p, 1);
      time.advance(2);
    }
    for (let i = 0; i < 1000; i++) {
      const decision = await store.consume('t', p, 1);
      expect([decision.allowed, decision.states[0].remaining]).toEqual([true, 0]);
      expect((await store.consume('t', p, 1)).states[0].retryAfterMs).toBe(2);
      time.advance(2);
    }
  });

  it('never passes a cost above the limit', async () => {
    const store = new MemoryRateLimitStore({ now: clock().now });
    expect(await store.consume('t', [policy(3, 1000)], 4)).toMatchObject({ allowed: false, states: [{ remaining: 3, retryAfterMs: 1000 }] });
  });

  it('does not count refused requests against the client', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const p = [policy(1, 1000)];
    expect((await store.consume('t', p, 1)).allowed).toBe(true);
    for (let i = 0; i < 5; i++) {
      time.advance(100);
      expect((await store.consume('t', p, 1)).allowed).toBe(false);
    }
    time.advance(500); // t=1000: only the allowed request was counted
    expect((await store.consume('t', p, 1)).allowed).toBe(true);
  });

  it('counts a request against every policy or none', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const p = [policy(2, 1000, 'burst'), policy(3, 60_000, 'quota')];
    await store.consume('t', p, 1);
    await store.consume('t', p, 1);
    const refused = await store.consume('t', p, 1);
    expect(refused.allowed).toBe(false);
    expect(refused.states.map((state) => [state.policy.name, state.remaining, state.retryAfterMs])).toEqual([
      ['burst', 0, 1000],
      ['quota', 1, 0],
    ]);
    time.advance(1000);
    const third = await store.consume('t', p, 1);
    expect(third.allowed).toBe(true);
    expect(third.states.map((state) => state.remaining)).toEqual([1, 0]); // the refused one did not cost quota
    time.advance(1000);
    expect((await store.consume('t', p, 1)).states.map((state) => state.retryAfterMs)).toEqual([0, 58_000]);
  });

  it('keeps trackers and policy names apart', async () => {
    const store = new MemoryRateLimitStore({ now: clock().now });
    await store.consume('user:a', [policy(1, 1000)], 1);
    expect((await store.consume('user:b', [policy(1, 1000)], 1)).allowed).toBe(true);
    expect((await store.consume('user:a', [policy(1, 1000, 'other')], 1)).allowed).toBe(true);
    expect((await store.consume('user:a', [policy(1, 1000)], 1)).allowed).toBe(false);
  });

  it('evicts keys whose window has passed', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now, sweepIntervalMs: 1000 });
    for (let i = 0; i < 50; i++) await store.consume(`ip:${i}`, [policy(5, 1000)], 1);
    await store.consume('ip:long', [policy(5, 60_000, 'long')], 1);
    expect(store.size).toBe(51);
    time.advance(1000);
    await store.consume('ip:new', [policy(5, 1000)], 1);
    expect(store.size).toBe(2); // ip:long (still in its window) and ip:new
  });

  it('caps the number of keys, dropping the least recently used', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now, maxKeys: 3 });
    const p = [policy(1, 60_000)];
    await store.consume('a', p, 1);
    await store.consume('b', p, 1);
    await store.consume('c', p, 1);
    await store.consume('a', p, 1); // a is now the most recently used
    await store.consume('d', p, 1); // drops b
    expect(store.size).toBe(3);
    expect((await store.consume('a', p, 1)).allowed).toBe(false);
    expect((await store.consume('b', p, 1)).allowed).toBe(true);
  });
});
