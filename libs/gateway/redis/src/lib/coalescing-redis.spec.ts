import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { countSocketWrites, describeWithRedis, LOCAL_REDIS_URL } from '@bff/gateway-testing';
import { createFailFastRedis, waitForFirstConnection } from './fail-fast-redis';

describeWithRedis('the commands of a fail-fast client (CoalescingRedis)', () => {
  const clients: Redis[] = [];
  const fresh = () => {
    const redis = createFailFastRedis({ url: LOCAL_REDIS_URL, commandTimeoutMs: 1_000, logger: new Logger('test'), unreachable: 'Redis unreachable' });
    clients.push(redis);
    return redis;
  };
  const client = async () => {
    const redis = fresh();
    await waitForFirstConnection(redis, 1_000);
    return redis;
  };
  // Keys of this run only, so parallel runs never see each other's.
  const prefix = `bff:test:coalesce-${randomUUID()}:`;
  const keys = Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);
  const values = keys.map((_, i) => `value-${i}`);

  beforeAll(async () => {
    await (await client()).mset(...keys.flatMap((key, i) => [key, values[i]]));
  });

  afterEach(() => clients.splice(0).forEach((redis) => redis.disconnect()));

  afterAll(async () => {
    await (await client()).del(...keys);
    clients.splice(0).forEach((redis) => redis.disconnect());
  });

  it('leave in one write when issued in one turn, each answered with its own reply', async () => {
    const redis = await client();
    const written = countSocketWrites(redis.stream);
    expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(values);
    expect(written()).toBe(1);
  });

  it('are written one by one by a plain ioredis client (what the count above is against)', async () => {
    const redis = new Redis(LOCAL_REDIS_URL);
    clients.push(redis);
    await redis.ping();
    const written = countSocketWrites(redis.stream);
    expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(values);
    expect(written()).toBe(keys.length);
  });

  it('of a later turn are answered, in a write of their own: the connection is released every turn', async () => {
    const redis = await client();
    const written = countSocketWrites(redis.stream);
    expect(await redis.get(keys[0])).toBe('value-0');
    expect(await redis.get(keys[1])).toBe('value-1');
    expect(written()).toBe(2);
  });

  it('fail at once before the connection is ready, as before, and are coalesced once it is', async () => {
    const redis = fresh();
    await expect(redis.get(keys[0])).rejects.toThrow(/enableOfflineQueue/);
    await waitForFirstConnection(redis, 1_000);
    const written = countSocketWrites(redis.stream);
    expect(await Promise.all([redis.get(keys[0]), redis.get(keys[1])])).toEqual(['value-0', 'value-1']);
    expect(written()).toBe(1);
  });
});
