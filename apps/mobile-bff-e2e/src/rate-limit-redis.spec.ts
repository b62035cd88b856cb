import { describeWithRedis, FakeUpstream, LOCAL_REDIS_URL, loopbackClient, randomPublicIp, RunningBff, startBff, untilReady } from '@bff/gateway-testing';
import Redis from 'ioredis';

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
