import { Logger } from '@nestjs/common';
import { FakeUpstream } from '@bff/gateway-testing';
import { ActiveHealthChecker } from './active-health.checker';
import { StaticServiceRegistry } from './service-registry';

const CLOSED = 'http://127.0.0.1:9';

describe('ActiveHealthChecker', () => {
  let up: FakeUpstream;
  let down: FakeUpstream;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    up = await FakeUpstream.start();
    down = await FakeUpstream.start();
    down.healthy = false;
  });

  afterAll(async () => {
    await up.close();
    await down.close();
  });

  it('marks instances by their health answer and flips them back when they recover', async () => {
    const registry = new StaticServiceRegistry({ users: [up.url, down.url], orders: [CLOSED] });
    const checker = new ActiveHealthChecker(registry, { services: {}, healthCheck: { path: '/health', intervalMs: 60_000, timeoutMs: 500 } });
    const health = () => [...registry.instances('users'), ...registry.instances('orders')].map(({ origin, healthy }) => [origin, healthy]);

    await checker.checkAll();
    expect(health()).toEqual([
      [up.url, true],
      [down.url, false],
      [CLOSED, false],
    ]);

    down.healthy = true;
    up.healthy = false;
    await checker.checkAll();
    expect(health()).toEqual([
      [up.url, false],
      [down.url, true],
      [CLOSED, false],
    ]);
    expect([...up.requests, ...down.requests]).toEqual([]);
  });
});
