import { RoundRobinBalancer } from './round-robin.balancer';
import { StaticServiceRegistry } from './service-registry';

const A = 'http://127.0.0.1:4001';
const B = 'http://127.0.0.1:4002';
const C = 'http://127.0.0.1:4003';

function setUp(origins: string[]) {
  const registry = new StaticServiceRegistry({ users: origins });
  const balancer = new RoundRobinBalancer(registry);
  const instance = (origin: string) => {
    const found = registry.instances('users').find((candidate) => candidate.origin === origin);
    if (!found) throw new Error(`no instance ${origin}`);
    return found;
  };
  const picks = (count: number, exclude?: ReadonlySet<string>) =>
    Array.from({ length: count }, () => balancer.pick('users', exclude)?.origin);
  return { balancer, instance, picks };
}

describe('RoundRobinBalancer', () => {
  it('rotates over the healthy instances in turn', () => {
    const { picks } = setUp([A, B, C]);
    expect(picks(6)).toEqual([A, B, C, A, B, C]);
  });

  it('skips unhealthy instances', () => {
    const { instance, picks } = setUp([A, B, C]);
    instance(B).healthy = false;
    expect(picks(4)).toEqual([A, C, A, C]);
  });

  it('falls back to every instance when none is healthy (panic mode)', () => {
    const { instance, picks } = setUp([A, B]);
    instance(A).healthy = false;
    instance(B).healthy = false;
    expect(new Set(picks(4))).toEqual(new Set([A, B]));
  });

  it('honours exclude while other instances remain', () => {
    const { instance, picks } = setUp([A, B, C]);
    expect(picks(3, new Set([instance(A).id]))).toEqual([B, C, B]);
    expect(new Set(picks(4, new Set([instance(A).id, instance(C).id])))).toEqual(new Set([B]));
  });

  it('ignores exclude when it would leave no instance', () => {
    const { instance, picks } = setUp([A]);
    expect(picks(2, new Set([instance(A).id]))).toEqual([A, A]);
  });

  it('answers undefined for an unknown service', () => {
    const { balancer } = setUp([A]);
    expect(balancer.pick('orders')).toBeUndefined();
  });
});

describe('StaticServiceRegistry', () => {
  it('lists services and their instances, healthy at first, with the trailing slash trimmed', () => {
    const registry = new StaticServiceRegistry({ users: [`${A}/`, B], orders: [C] });
    expect(registry.services()).toEqual(['users', 'orders']);
    expect(registry.instances('users').map(({ id, origin, healthy }) => ({ id, origin, healthy }))).toEqual([
      { id: A, origin: A, healthy: true },
      { id: B, origin: B, healthy: true },
    ]);
    expect(new Set(registry.instances('users').map(({ id }) => id)).size).toBe(2);
  });

  it('has no instance for an unknown service', () => {
    expect(new StaticServiceRegistry({ users: [A] }).instances('orders')).toEqual([]);
  });
});
