import { FakeUpstream, loopbackClient, randomPublicIp, RunningBff, startBff } from '@bff/gateway-testing';
import { createHash, randomUUID } from 'node:crypto';

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

describe('mobile-bff: tiers and API keys (RATE_LIMIT_TIERS=anonymous=2/60s,partner=4/60s)', () => {
  const partnerKey = `k-${randomUUID()}`;
  let products: FakeUpstream;
  let bff: RunningBff;
  /** A product id no other request uses, so the response cache never answers. */
  const product = () => `/api/v1/products/p-${randomUUID()}`;

  beforeAll(async () => {
    products = await FakeUpstream.start(() => ({ body: { id: 'p-7', name: 'Lamp', price: 1, currency: 'EUR', imageUrl: 'https://img.example.com/p.jpg' } }));
    bff = await startBff('mobile-bff', {
      UPSTREAM_PRODUCTS: products.url,
      RATE_LIMIT: '3/60s',
      RATE_LIMIT_TIERS: 'anonymous=2/60s,partner=4/60s',
      API_KEYS: `ci-bot:partner:${createHash('sha256').update(partnerKey).digest('hex')}`,
    });
  });

  afterAll(async () => {
    await bff.process.stop();
    await products.close();
  });

  it('limits an address without a key by the anonymous tier', async () => {
    const client = loopbackClient();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await client.get(bff.url, product()));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers.map((answer) => answer.headers['ratelimit-limit'])).toEqual(['2', '2', '2']);
  });

  it("gives a known key its tier's limit and one budget of its own whatever the address, and never sends the key upstream", async () => {
    products.requests.length = 0;
    const [first, second] = [loopbackClient(), loopbackClient()];
    const answers = [];
    for (const client of [first, second, first, second, first]) answers.push(await client.get(bff.url, product(), { 'x-api-key': partnerKey }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 429]);
    expect(answers.map((answer) => answer.headers['ratelimit-limit'])).toEqual(['4', '4', '4', '4', '4']);
    expect(answers.map((answer) => answer.headers['ratelimit-remaining'])).toEqual(['3', '2', '1', '0', '0']);
    // The addresses' anonymous budgets are untouched.
    const anonymous = await first.get(bff.url, product());
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['ratelimit-remaining']).toBe('1');

    expect(products.requests).toHaveLength(5);
    for (const request of products.requests) {
      expect(request.rawHeaders.map((name) => name.toLowerCase())).not.toContain('x-api-key');
      expect(JSON.stringify(request.headers)).not.toContain(partnerKey);
    }
  });

  it('ignores unknown keys: rotating them keeps the anonymous budget of the address', async () => {
    const client = loopbackClient();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await client.get(bff.url, product(), { 'x-api-key': `k-${randomUUID()}` }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429, 429]);
    expect(answers.map((answer) => answer.headers['ratelimit-limit'])).toEqual(['2', '2', '2', '2']);
  });
});
