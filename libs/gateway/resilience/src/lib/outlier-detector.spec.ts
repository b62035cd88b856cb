import { StaticServiceRegistry } from '@bff/gateway-discovery';
import { isEjected, statsOf } from './instance-stats';
import { OutlierDetector } from './outlier-detector';

function setUp(count = 3) {
  const registry = new StaticServiceRegistry({ users: Array.from({ length: count }, (_, i) => `http://127.0.0.1:${4001 + i}`) });
  const instances = registry.instances('users');
  const detector = new OutlierDetector({ consecutiveFailures: 3, baseEjectionMs: 1_000, maxEjectionMs: 2_500 });
  const fail = (index: number, times: number, now: number) => {
    let ejectedMs = 0;
    for (let i = 0; i < times; i++) ejectedMs = Math.max(ejectedMs, detector.failure(instances[index], instances, now));
    return ejectedMs;
  };
  return { instances, detector, fail };
}

describe('OutlierDetector', () => {
  it('ejects after N consecutive failures, and the instance returns by itself when the time is up', () => {
    const { instances, fail } = setUp();
    expect(fail(0, 2, 0)).toBe(0);
    expect(isEjected(instances[0], 0)).toBe(false);
    expect(fail(0, 1, 0)).toBe(1_000);
    expect(isEjected(instances[0], 999)).toBe(true);
    expect(isEjected(instances[0], 1_000)).toBe(false);
  });

  it('a success ends the run of failures', () => {
    const { instances, detector, fail } = setUp();
    fail(0, 2, 0);
    detector.success(instances[0]);
    expect(fail(0, 2, 0)).toBe(0);
    expect(statsOf(instances[0]).ejections).toBe(0);
  });

  it('ejects longer on each re-ejection, up to the maximum', () => {
    const { fail } = setUp();
    expect(fail(0, 3, 0)).toBe(1_000);
    expect(fail(0, 3, 10_000)).toBe(2_000);
    expect(fail(0, 3, 20_000)).toBe(2_500);
    expect(fail(0, 3, 30_000)).toBe(2_500);
  });

  it('never ejects the last available instance', () => {
    const { instances, fail } = setUp(3);
    instances[2].healthy = false;
    expect(fail(0, 3, 0)).toBe(1_000);
    expect(fail(1, 3, 0)).toBe(0);
    expect(isEjected(instances[1], 0)).toBe(false);
    expect(fail(1, 3, 5_000)).toBe(1_000);
  });

  it('never ejects a lone instance', () => {
    const { instances, fail } = setUp(1);
    expect(fail(0, 10, 0)).toBe(0);
    expect(isEjected(instances[0], 0)).toBe(false);
  });
});
