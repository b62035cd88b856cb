import { Logger } from '@nestjs/common';
import { FakeDnsServer, FakeUpstream } from '@bff/gateway-testing';
import { ActiveHealthChecker } from './active-health.checker';
import { DnsServiceRegistry } from './dns.registry';
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

  it('checks the instances a dynamic registry has now, keeping the health of those that stay', async () => {
    const dns = await FakeDnsServer.start();
    const srv = '_http._tcp.users.check.test';
    dns.setA('up.check.test', ['127.0.0.1']);
    dns.setA('down.check.test', ['127.0.0.1']);
    dns.setSrv(srv, [{ target: 'down.check.test', port: down.port }]);
    const registry = new DnsServiceRegistry({ users: { kind: 'dns-srv', name: srv } }, { intervalMs: 60_000, servers: [dns.address] });
    const checker = new ActiveHealthChecker(registry, { services: {}, healthCheck: { path: '/health', intervalMs: 60_000, timeoutMs: 500 } });
    const health = () => registry.instances('users').map(({ origin, healthy }) => [origin, healthy]);
    try {
      down.healthy = false;
      up.healthy = true;
      await registry.refresh();
      await checker.checkAll();
      expect(health()).toEqual([[down.url, false]]);

      dns.setSrv(srv, [
        { target: 'down.check.test', port: down.port },
        { target: 'up.check.test', port: up.port },
      ]);
      await registry.refresh();
      expect(health()).toEqual([
        [down.url, false],
        [up.url, true],
      ]);
      up.healthy = false;
      await checker.checkAll();
      expect(health()).toEqual([
        [down.url, false],
        [up.url, false],
      ]);
    } finally {
      registry.onApplicationShutdown();
      await dns.close();
    }
  });
});
