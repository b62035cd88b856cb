import { FakeUpstream, loopbackClient, randomPublicIp, startBff } from '@bff/gateway-testing';

describe('mobile-bff: anonymous requests are limited by the client address (in-process counters)', () => {
  let products: FakeUpstream;

  beforeAll(async () => {
    products = await FakeUpstream.start(() => ({ body: { id: 'p-7', name: 'Lamp', price: 1, currency: 'EUR', imageUrl: 'https://img.example.com/p.jpg' } }));
  });

  afterAll(() => products.close());

  it('keeps one budget for an untrusted peer whatever X-Forwarded-For it rotates through', async () => {
    const bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.url, RATE_LIMIT: '3/60s' });
    try {
      products.requests.length = 0;
      const client = loopbackClient();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const answer = await client.get(bff.url, `/api/v1/products/p-${i}`, { 'x-forwarded-for': randomPublicIp() });
        statuses.push(answer.status);
        if (i < 3) expect(answer.headers['ratelimit-remaining']).toBe(String(2 - i));
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
      expect(products.requests).toHaveLength(3);
      // Another address has its own budget.
      expect((await loopbackClient().get(bff.url, '/api/v1/products/p-9')).status).toBe(200);
    } finally {
      await bff.process.stop();
    }
  });

  it('believes X-Forwarded-For from a trusted proxy: each forwarded client has its own budget', async () => {
    const proxy = loopbackClient();
    const bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.url, RATE_LIMIT: '1/60s', TRUSTED_PROXIES: `${proxy.address}/32` });
    try {
      const first = randomPublicIp();
      expect((await proxy.get(bff.url, '/api/v1/products/p-1', { 'x-forwarded-for': first })).status).toBe(200);
      expect((await proxy.get(bff.url, '/api/v1/products/p-2', { 'x-forwarded-for': first })).status).toBe(429);
      expect((await proxy.get(bff.url, '/api/v1/products/p-3', { 'x-forwarded-for': randomPublicIp() })).status).toBe(200);
    } finally {
      await bff.process.stop();
    }
  });
});
