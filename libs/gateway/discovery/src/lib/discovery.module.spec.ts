import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FakeDnsServer, FakeUpstream } from '@bff/gateway-testing';
import { DiscoveryModule } from './discovery.module';
import { DiscoveryOptions } from './discovery.options';
import { ServiceRegistry } from './service-registry';

const healthCheck = { path: '/health', intervalMs: 60_000, timeoutMs: 500 };

describe('DiscoveryModule', () => {
  let dns: FakeDnsServer;
  let users: FakeUpstream;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dns = await FakeDnsServer.start();
    users = await FakeUpstream.start();
  });

  afterAll(async () => {
    await dns.close();
    await users.close();
  });

  it('takes each service from its own source, resolved and health-checked before the app starts', async () => {
    dns.setA('orders.module.test', ['127.0.0.1']);
    const options: DiscoveryOptions = {
      services: {
        users: { kind: 'static', instances: [{ origin: users.url, version: 'v2', zone: 'eu-1', weight: 3 }] },
        orders: { kind: 'dns', host: 'orders.module.test', port: 9 },
      },
      dnsServers: [dns.address],
      healthCheck,
    };
    const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule.forRoot(options)] }).compile();
    await moduleRef.init();
    const registry = moduleRef.get<ServiceRegistry>(ServiceRegistry);
    try {
      expect(registry.services()).toEqual(['users', 'orders']);
      expect(registry.instances('users')).toEqual([{ id: users.url, origin: users.url, version: 'v2', zone: 'eu-1', weight: 3, healthy: true }]);
      expect(registry.instances('orders')).toEqual([{ id: 'http://127.0.0.1:9', origin: 'http://127.0.0.1:9', healthy: false }]);
    } finally {
      await moduleRef.close();
    }
  });

  it('refuses a Redis source without the redis option', async () => {
    const options: DiscoveryOptions = { services: { users: { kind: 'redis' } }, healthCheck };
    await expect(Test.createTestingModule({ imports: [DiscoveryModule.forRoot(options)] }).compile()).rejects.toThrow(
      'a service comes from Redis but no redis option is given',
    );
  });
});
