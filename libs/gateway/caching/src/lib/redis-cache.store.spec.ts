import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import { countSocketWrites } from '@bff/gateway-testing';
import { CacheEntry } from './cache.store';
import { RedisCacheStore } from './keyv-cache.store';

const REDIS_URL = 'redis://127.0.0.1:6379';

const entry = (value: unknown): CacheEntry => {
  const now = Date.now();
  return { value, storedAt: now, freshUntil: now + 1000, staleUntil: now + 2000, errorUntil: now + 3000 };
};

describe('RedisCacheStore against Redis on 127.0.0.1:6379', () => {
  // A namespace of its own, so parallel runs never see each other's keys.
  const namespace = `bff:cache:test-${randomUUID()}:`;
  const stores: RedisCacheStore[] = [];
  let admin: Redis;

  const store = async (url = REDIS_URL, timeoutMs = 2000) => {
    const created = new RedisCacheStore({ url, namespace, timeoutMs });
    stores.push(created);
    await created.onModuleInit();
    return created;
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
    admin = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    const keys = await admin.keys(`${namespace}*`);
    if (keys.length > 0) await admin.del(...keys);
    stores.forEach((created) => created.onApplicationShutdown());
    admin.disconnect();
  });

  it('stores an entry under its exact key with its TTL, readable by another replica', async () => {
    const [a, b] = [await store(), await store()];
    const key = `${namespace}mobile:/api/v1/products/p-7?|public`;
    await a.set(key, entry({ id: 'p-7' }), 5_000);
    expect(await b.get(key)).toMatchObject({ value: { id: 'p-7' } });
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('sends the reads and writes of one turn to Redis in one write', async () => {
    const cache = await store();
    const written = countSocketWrites((cache as unknown as { redis: { redis: Redis } }).redis.redis.stream);
    const keys = [0, 1, 2, 3].map((i) => `${namespace}batch:/p-${i}`);
    await Promise.all(keys.map((key, i) => cache.set(key, entry({ id: i }), 5_000)));
    expect(written()).toBe(1);
    const read = await Promise.all([...keys.slice(0, 3).map((key) => cache.get(key)), cache.delete(keys[3])]);
    expect(read.slice(0, 3).map((found) => found?.value)).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
    expect(written()).toBe(2);
    expect(await admin.exists(keys[3])).toBe(0);
  });

  it('deletes one entry', async () => {
    const cache = await store();
    await cache.set(`${namespace}gone`, entry(1), 60_000);
    await cache.delete(`${namespace}gone`);
    expect(await admin.exists(`${namespace}gone`)).toBe(0);
  });

  it('answers nothing for an unknown or expired key', async () => {
    const cache = await store();
    expect(await cache.get(`${namespace}none`)).toBeUndefined();
    await cache.set(`${namespace}short`, entry(1), 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await cache.get(`${namespace}short`)).toBeUndefined();
  });

  it('deletes by pattern with SCAN in batches, only the matching keys, and counts them', async () => {
    const cache = await store();
    const many = Array.from({ length: 1200 }, (_, i) => `${namespace}web:/api/v1/things/t-${i}?|public`);
    const pipeline = admin.pipeline();
    many.forEach((key) => pipeline.set(key, 'x', 'PX', 60_000));
    await pipeline.exec();
    await cache.set(`${namespace}mobile:/api/v1/things/t-1?|public`, entry('m'), 60_000);
    await cache.set(`${namespace}mobile:/api/v1/home?|u:u-1`, entry('h'), 60_000);

    expect(await cache.deleteMatching(`${namespace}web:*`)).toBe(1200);
    expect(await cache.deleteMatching(`${namespace}*:/api/v1/things*`)).toBe(1);
    expect(await cache.get(`${namespace}mobile:/api/v1/home?|u:u-1`)).toMatchObject({ value: 'h' });
  });

  it('treats glob characters other than * literally', async () => {
    const cache = await store();
    await cache.set(`${namespace}a?b`, entry(1), 60_000);
    await cache.set(`${namespace}axb`, entry(2), 60_000);
    expect(await cache.deleteMatching(`${namespace}a?b`)).toBe(1);
    expect(await cache.get(`${namespace}axb`)).toMatchObject({ value: 2 });
  });

  it('answers readiness with a PING', async () => {
    expect(await (await store()).isReady()).toBe(true);
  });
});

describe('RedisCacheStore without Redis', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('misses instead of waiting when Redis accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const cache = new RedisCacheStore({ url: `redis://127.0.0.1:${port}`, namespace: 'bff:cache:', timeoutMs: 50 });
    try {
      await cache.onModuleInit();
      expect(await cache.get('bff:cache:k')).toBeUndefined();
      await expect(cache.set('bff:cache:k', entry(1), 1000)).resolves.toBeUndefined();
    } finally {
      cache.onApplicationShutdown();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('behaves like an empty cache on a closed port: reads miss, writes are dropped, invalidation rejects', async () => {
    const cache = new RedisCacheStore({ url: 'redis://127.0.0.1:1', namespace: 'bff:cache:', timeoutMs: 50 });
    try {
      await cache.onModuleInit();
      await expect(cache.set('bff:cache:k', entry(1), 1000)).resolves.toBeUndefined();
      expect(await cache.get('bff:cache:k')).toBeUndefined();
      await expect(cache.delete('bff:cache:k')).resolves.toBeUndefined();
      await expect(cache.deleteMatching('bff:cache:*')).rejects.toThrow();
      expect(await cache.isReady()).toBe(false);
    } finally {
      cache.onApplicationShutdown();
    }
  });
});
