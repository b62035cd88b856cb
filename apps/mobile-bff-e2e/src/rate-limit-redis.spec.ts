import { describeWithRedis, FakeUpstream, LOCAL_REDIS_URL, loopbackClient, randomPublicIp, RunningBff, startBff, untilReady } from '@bff/gateway-testing';
import Redis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';

describeWithRedis('mobile-bff with REDIS_URL: an untrusted peer rotating X-Forwarded-For', () => {
  let products: FakeUpstream;
  let bff: RunningBff;
  let redis: Redis;
  const client = loopbackClient();

  beforeAll(async () => {
    redis = new Redis(LOCAL_REDIS_URL);
    products = await FakeUpstream.start(() => ({ body: { id: 'p-7', name: 'Lamp', price: 1, currency: 'EUR', imageUrl: 'https://img.example.com/p.jpg' } }));
    bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.url, REDIS_URL: LOCAL_REDIS_URL, RATE_LIMIT: '3/60s' });
    await untilReady(bff);
  });

  afterAll(async () => {
    await bff.process.stop();
    await products.close();
    await redis.del(`bff:rl:mobile:default:ip:${client.address}`);
    redis.disconnect();
  });

  it('neither resets its budget nor creates keys: one key, its peer address', async () => {
    const forwarded = Array.from({ length: 6 }, randomPublicIp);
    const statuses: number[] = [];
    for (const [i, value] of forwarded.entries()) {
      statuses.push((await client.get(bff.url, `/api/v1/products/p-${i}`, { 'x-forwarded-for': value })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(products.requests).toHaveLength(3);
    expect(await redis.zcard(`bff:rl:mobile:default:ip:${client.address}`)).toBe(3);
    for (const value of forwarded) expect(await redis.exists(`bff:rl:mobile:default:ip:${value}`)).toBe(0);
  });
});

describeWithRedis('mobile-bff with REDIS_URL and API_KEYS: a peer rotating invented x-api-key values', () => {
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const knownKey = `k-${randomUUID()}`;
  const keyName = `ci-${randomUUID().slice(0, 8)}`;
  let products: FakeUpstream;
  let bff: RunningBff;
  let redis: Redis;
  const client = loopbackClient();
  const addressKey = `bff:rl:mobile:default:anonymous:ip:${client.address}`;
  const apiKeyKey = `bff:rl:mobile:default:partner:key:${keyName}`;

  beforeAll(async () => {
    redis = new Redis(LOCAL_REDIS_URL);
    products = await FakeUpstream.start(() => ({ body: { id: 'p-7', name: 'Lamp', price: 1, currency: 'EUR', imageUrl: 'https://img.example.com/p.jpg' } }));
    bff = await startBff('mobile-bff', {
      UPSTREAM_PRODUCTS: products.url,
      REDIS_URL: LOCAL_REDIS_URL,
      RATE_LIMIT_TIERS: 'anonymous=2/60s,partner=5/60s',
      API_KEYS: `${keyName}:partner:${sha256(knownKey)}`,
    });
    await untilReady(bff);
  });

  afterAll(async () => {
    await bff.process.stop();
    await products.close();
    await redis.del(addressKey, apiKeyKey);
    redis.disconnect();
  });

  it('neither resets the anonymous budget of its address nor creates keys; a known key has one key of its own', async () => {
    const invented = Array.from({ length: 6 }, () => `k-${randomUUID()}`);
    const statuses: number[] = [];
    for (const value of invented) statuses.push((await client.get(bff.url, `/api/v1/products/p-${randomUUID()}`, { 'x-api-key': value })).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
    expect(await redis.zcard(addressKey)).toBe(2);
    const keys = await redis.keys('bff:rl:mobile:*');
    for (const value of invented) expect(keys.filter((key) => key.includes(value) || key.includes(sha256(value)))).toEqual([]);

    const known = await client.get(bff.url, `/api/v1/products/p-${randomUUID()}`, { 'x-api-key': knownKey });
    expect(known.status).toBe(200);
    expect(known.headers['ratelimit-limit']).toBe('5');
    expect(await redis.zcard(apiKeyKey)).toBe(1);
    expect(await redis.zcard(addressKey)).toBe(2);
  });
});
