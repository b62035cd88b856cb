import { ServiceInstance, StaticServiceRegistry } from '@bff/gateway-discovery';
import { BalancingStrategy, inCanary, PolicyBalancer } from './balancer';
import { statsOf } from './instance-stats';

const A = 'http://127.0.0.1:4001';
const B = 'http://127.0.0.1:4002';
const C = 'http://127.0.0.1:4003';

/** A deterministic `Math.random` stand-in cycling through `values`. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

function setUp(strategy: BalancingStrategy, origins = [A, B, C], random?: () => number) {
  const registry = new StaticServiceRegistry({ users: origins });
  const balancer = new PolicyBalancer(registry, { defaultStrategy: strategy }, random);
  const instance = (origin: string) => registry.instances('users').find((candidate) => candidate.origin === origin) as ServiceInstance;
  const picks = (count: number) => Array.from({ length: count }, () => balancer.pick('users')?.origin);
  return { registry, balancer, instance, picks };
}

describe('PolicyBalancer', () => {
  describe('least-request (power of two choices)', () => {
    it('picks the less loaded of the two random choices', () => {
      const { instance, balancer } = setUp('least-request', [A, B, C], sequence(0, 0));
      statsOf(instance(A)).inFlight = 5;
      statsOf(instance(B)).inFlight = 1;
      expect(balancer.pick('users')?.origin).toBe(B);
      statsOf(instance(B)).inFlight = 9;
      expect(balancer.pick('users')?.origin).toBe(A);
    });

    it('always compares two distinct instances', () => {
      // random 0.99 twice: first = C, second = (2 + 1 + 1) % 3 = B, never C again
      const { instance, balancer } = setUp('least-request', [A, B, C], sequence(0.99, 0.99));
      statsOf(instance(C)).inFlight = 3;
      expect(balancer.pick('users')?.origin).toBe(B);
    });

    it('spreads idle traffic over every instance', () => {
      const { picks } = setUp('least-request');
      expect(new Set(picks(200))).toEqual(new Set([A, B, C]));
    });
  });

  it('weighted round-robin sends traffic in proportion to weights, interleaved', () => {
    const registry = new StaticServiceRegistry({ users: [A, B, C] });
    const [a, b, c] = registry.instances('users');
    a.weight = 5;
    b.weight = 1;
    c.weight = 2;
    const balancer = new PolicyBalancer(registry, { strategies: { users: 'weighted-round-robin' } });
    const picks = Array.from({ length: 80 }, () => balancer.pick('users')?.origin);
    expect([A, B, C].map((origin) => picks.filter((pick) => pick === origin).length)).toEqual([50, 10, 20]);
    expect(picks.slice(0, 8).filter((pick) => pick === A)).toHaveLength(5);
    expect(picks.slice(0, 3)).not.toEqual([A, A, A]);
  });

  it('round-robin rotates in turn', () => {
    const { picks } = setUp('round-robin');
    expect(picks(6)).toEqual([A, B, C, A, B, C]);
  });

  it.each<BalancingStrategy>(['round-robin', 'weighted-round-robin', 'least-request'])('%s skips unhealthy and ejected instances', (strategy) => {
    const { instance, picks } = setUp(strategy);
    instance(A).healthy = false;
    statsOf(instance(B)).ejectedUntil = Date.now() + 60_000;
    expect(new Set(picks(20))).toEqual(new Set([C]));
  });

  it('uses every instance when none is available (panic mode)', () => {
    const { instance, picks } = setUp('round-robin', [A, B]);
    instance(A).healthy = false;
    statsOf(instance(B)).ejectedUntil = Date.now() + 60_000;
    expect(new Set(picks(4))).toEqual(new Set([A, B]));
  });

  it('avoids excluded instances while others remain', () => {
    const { balancer } = setUp('least-request');
    for (let i = 0; i < 20; i++) expect(balancer.pick('users', { exclude: [A, C] })?.origin).toBe(B);
    expect([A, B, C]).toContain(balancer.pick('users', { exclude: [A, B, C] })?.origin);
  });

  it('answers the only instance, and undefined for an unknown service', () => {
    const { balancer } = setUp('least-request', [A]);
    expect(balancer.pick('users', { exclude: [A] })?.origin).toBe(A);
    expect(balancer.pick('orders')).toBeUndefined();
  });

  it('sends canary picks to the canary version and the rest to the others', () => {
    const registry = new StaticServiceRegistry({ users: [A, B, C] });
    registry.instances('users')[2].version = '2.0';
    const balancer = new PolicyBalancer(registry, { canaries: { users: { version: '2.0', percent: 10 } } });
    expect(new Set(Array.from({ length: 20 }, () => balancer.pick('users', { canary: true })?.origin))).toEqual(new Set([C]));
    expect(new Set(Array.from({ length: 50 }, () => balancer.pick('users')?.origin))).toEqual(new Set([A, B]));
  });

  it('falls back to the other side while a side has no healthy instance, and keeps the split when none has', () => {
    const registry = new StaticServiceRegistry({ users: [A, B, C] });
    const [a, b, c] = registry.instances('users');
    c.version = '2.0';
    const balancer = new PolicyBalancer(registry, { canaries: { users: { version: '2.0', percent: 10 } } });
    const canaryPicks = () => new Set(Array.from({ length: 30 }, () => balancer.pick('users', { canary: true })?.origin));
    const stablePicks = () => new Set(Array.from({ length: 30 }, () => balancer.pick('users')?.origin));
    c.healthy = false;
    expect(canaryPicks()).toEqual(new Set([A, B]));
    c.healthy = true;
    a.healthy = false;
    b.healthy = false;
    expect(stablePicks()).toEqual(new Set([C]));
    c.healthy = false;
    expect(canaryPicks()).toEqual(new Set([C]));
    expect(stablePicks()).toEqual(new Set([A, B]));
  });
});

describe('inCanary', () => {
  const split = { version: '2.0', percent: 20 };

  it('takes every request that asks with x-canary: 1', () => {
    expect(inCanary({ ...split, percent: 0 }, 'u-1', '1')).toBe(true);
  });

  it('is sticky per user and takes about the configured share of users', () => {
    const users = Array.from({ length: 2000 }, (_, i) => `u-${i}`);
    const chosen = users.filter((user) => inCanary(split, user, undefined));
    expect(chosen.length / users.length).toBeGreaterThan(0.15);
    expect(chosen.length / users.length).toBeLessThan(0.25);
    expect(users.filter((user) => inCanary(split, user, undefined))).toEqual(chosen);
  });

  it('places a request without user at random', () => {
    expect(inCanary(split, undefined, undefined, () => 0.1)).toBe(true);
    expect(inCanary(split, undefined, undefined, () => 0.5)).toBe(false);
  });
});
