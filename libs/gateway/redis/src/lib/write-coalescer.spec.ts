import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { countSocketWrites, describeWithRedis, LOCAL_REDIS_URL } from '@bff/gateway-testing';
import { createFailFastRedis, waitForFirstConnection } from './fail-fast-redis';
import { WriteCoalescer } from './write-coalescer';

describeWithRedis('WriteCoalescer', () => {
  const clients: Redis[] = [];
  const client = async () => {
    const redis = createFailFastRedis({ url: LOCAL_REDIS_URL, commandTimeoutMs: 1_000, logger: new Logger('test'), unreachable: 'Redis unreachable' });
    clients.push(redis);
    await waitForFirstConnection(redis, 1_000);
    return redis;
  };
  // Keys of this run only, so parallel runs never see each other's.
  const prefix = `bff:test:coalesce-${randomUUID()}:`;
  const keys = Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);

  beforeAll(async () => {
    const redis = await client();
    await redis.mset(...keys.flatMap((key, i) => [key, `value-${i}`]));
  });

  afterEach(() => clients.splice(0).forEach((redis) => redis.disconnect()));

  afterAll(async () => {
    await (await client()).del(...keys);
    clients.splice(0).forEach((redis) => redis.disconnect());
  });

  it('sends the commands of one turn in one write, each answered with its own reply', async () => {
    const redis = await client();
    const writes = new WriteCoalescer(redis);
    const written = countSocketWrites(redis.stream);
    const answers = keys.map((key) => {
      writes.hold();
      return redis.get(key);
    });
    expect(await Promise.all(answers)).toEqual(keys.map((_, i) => `value-${i}`));
    expect(written()).toBe(1);
  });

  it('writes each command on its own without it', async () => {
    const redis = await client();
    const written = countSocketWrites(redis.stream);
    expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, i) => `value-${i}`));
    expect(written()).toBe(keys.length);
  });

  it('releases the connection every turn: a command of a later turn is answered, in a write of its own', async () => {
    const redis = await client();
    const writes = new WriteCoalescer(redis);
    const written = countSocketWrites(redis.stream);
    writes.hold();
    expect(await redis.get(keys[0])).toBe('value-0');
    writes.hold();
    expect(await redis.get(keys[1])).toBe('value-1');
    expect(written()).toBe(2);
  });

  it('holds nothing before the connection is ready: commands fail at once as before, and are held once it is', async () => {
    const redis = createFailFastRedis({ url: LOCAL_REDIS_URL, commandTimeoutMs: 1_000, logger: new Logger('test'), unreachable: 'Redis unreachable' });
    clients.push(redis);
    const writes = new WriteCoalescer(redis);
    writes.hold();
    await expect(redis.get(keys[0])).rejects.toThrow(/enableOfflineQueue/);
    await waitForFirstConnection(redis, 1_000);
    const written = countSocketWrites(redis.stream);
    writes.hold();
    expect(await Promise.all([redis.get(keys[0]), redis.get(keys[1])])).toEqual(['value-0', 'value-1']);
    expect(written()).toBe(1);
  });
});
