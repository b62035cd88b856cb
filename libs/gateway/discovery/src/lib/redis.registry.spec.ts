import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { describeWithRedis } from '@bff/gateway-testing';
import { RedisServiceRegistration, RedisServiceRegistry } from './redis.registry';

const REDIS_URL = 'redis://127.0.0.1:6379';

jest.setTimeout(20_000);

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeWithRedis('Redis registry against Redis on 127.0.0.1:6379', () => {
  const keyPrefix = `bff:discovery:test-${randomUUID()}:`;
  const closers: (() => unknown)[] = [];
  let admin: Redis;

  const registry = async (services = ['users', 'products']) => {
    const created = new RedisServiceRegistry(services, { url: REDIS_URL, keyPrefix, intervalMs: 50 });
    closers.push(() => created.onApplicationShutdown());
    await created.start();
    return created;
  };
  const registration = (ttlMs: number, ...registrations: ConstructorParameters<typeof RedisServiceRegistration>[1]) => {
    const created = new RedisServiceRegistration({ url: REDIS_URL, keyPrefix, ttlMs }, registrations);
    closers.push(() => created.stop());
    return created;
  };
  const origins = (r: RedisServiceRegistry, service: string) => r.instances(service).map(({ origin }) => origin).sort();

  beforeAll(() => {
    Logger.overrideLogger(false);
    admin = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    for (const close of closers) await close();
    const keys = await admin.keys(`${keyPrefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  it('lists an instance once it registers, with its metadata, and drops it when it deregisters', async () => {
    const registry1 = await registry();
    expect(registry1.instances('products')).toEqual([]);
    const v1 = registration(10_000, { service: 'products', instance: { origin: 'http://127.0.0.1:4003', version: 'v1', zone: 'eu-1' } });
    const v2 = registration(10_000, { service: 'products', instance: { origin: 'http://127.0.0.1:4013', version: 'v2', weight: 2 } });
    await v1.start();
    await v2.start();
    await eventually(() => registry1.instances('products').length === 2);
    expect(registry1.instances('products').map(({ id, origin, version, zone, weight, healthy }) => ({ id, origin, version, zone, weight, healthy }))).toEqual(
      expect.arrayContaining([
        { id: 'http://127.0.0.1:4003', origin: 'http://127.0.0.1:4003', version: 'v1', zone: 'eu-1', weight: undefined, healthy: true },
        { id: 'http://127.0.0.1:4013', origin: 'http://127.0.0.1:4013', version: 'v2', zone: undefined, weight: 2, healthy: true },
      ]),
    );
    expect(registry1.instances('users')).toEqual([]);

    await v2.stop();
    await eventually(() => origins(registry1, 'products').join() === 'http://127.0.0.1:4003');
    await v1.stop();
    await eventually(() => registry1.instances('products').length === 0);
  });

  it('drops an instance that stops heartbeating once its TTL has passed, and keeps one that heartbeats', async () => {
    const registry1 = await registry();
    const silent = registration(300, { service: 'users', instance: { origin: 'http://127.0.0.1:5001' } });
    const alive = registration(300, { service: 'users', instance: { origin: 'http://127.0.0.1:5002' } });
    await silent.heartbeat();
    await alive.start();
    await eventually(() => origins(registry1, 'users').length === 2);
    const kept = registry1.instances('users').find(({ origin }) => origin.endsWith(':5002'));
    if (kept) kept.healthy = false;
    await eventually(() => origins(registry1, 'users').join() === 'http://127.0.0.1:5002');
    expect(registry1.instances('users')[0].healthy).toBe(false);
  });

  it('ignores malformed entries in the registry', async () => {
    const registry1 = await registry(['orders']);
    const far = Date.now() * 2;
    await admin.zadd(`${keyPrefix}orders`, far, 'not json', far, JSON.stringify({ origin: 'javascript:alert(1)' }), far, JSON.stringify({ origin: 'http://127.0.0.1:5003', weight: 'x' }));
    await eventually(() => origins(registry1, 'orders').length > 0);
    expect(registry1.instances('orders').map(({ origin, weight }) => ({ origin, weight }))).toEqual([{ origin: 'http://127.0.0.1:5003', weight: undefined }]);
  });
});

describe('Redis registry without Redis', () => {
  it('starts with no instance and never throws while Redis is unreachable', async () => {
    Logger.overrideLogger(false);
    const registry = new RedisServiceRegistry(['users'], { url: 'redis://127.0.0.1:9', keyPrefix: 'bff:discovery:none:', intervalMs: 50 });
    const registration = new RedisServiceRegistration({ url: 'redis://127.0.0.1:9', keyPrefix: 'bff:discovery:none:', ttlMs: 300 }, [
      { service: 'users', instance: { origin: 'http://127.0.0.1:5004' } },
    ]);
    await registry.start();
    await registration.start();
    expect(registry.instances('users')).toEqual([]);
    await registration.stop();
    registry.onApplicationShutdown();
  });
});
