import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { IncomingHttpHeaders, request } from 'node:http';
import { join } from 'node:path';

/** An answer read whole. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A client on a loopback address of its own (127.x.y.z; all of 127/8 is loopback on Linux), so
 * the BFF sees a peer address no other test uses.
 */
function anonymousClient() {
  const address = `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;
  const get = (base: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const req = request(`${base}${path}`, { headers, localAddress: address, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  return { address, get };
}

const randomIp = () => `${randomInt(1, 224)}.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

describe('web-bff: rate limiting with RATE_LIMIT=3/60s (in-process counters)', () => {
  let users: FakeUpstream;
  let bff: RunningBff;
  const user = () => ({ authorization: `Bearer ${mintToken({ sub: `rl-${randomUUID()}` })}` });

  beforeAll(async () => {
    users = await FakeUpstream.start();
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, RATE_LIMIT: '3/60s' });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  beforeEach(() => {
    users.requests.length = 0;
    users.handler = () => ({ status: 200, body: { id: 'u-1', username: 'ada' } });
  });

  it('puts RateLimit headers on every answer and refuses the 4th request with a 429 problem and Retry-After', async () => {
    const auth = user();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.headers.get('ratelimit-limit'))).toEqual(['3', '3', '3']);
    expect(answers.map((answer) => answer.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0']);
    for (const answer of answers) {
      const reset = Number(answer.headers.get('ratelimit-reset'));
      expect(Number.isInteger(reset) && reset >= 0 && reset <= 60).toBe(true);
    }

    const refused = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { ...auth, 'x-request-id': 'rl-429' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toEqual({
      type: 'urn:bff:problem:rate-limited',
      title: 'Too Many Requests',
      status: 429,
      detail: `Too many requests: retry after ${retryAfter} s.`,
      instance: '/api/v2/users/u-1',
      requestId: 'rl-429',
    });
    expect(users.requests).toHaveLength(3);

    const metrics = await (await fetch(`${bff.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/rate_limit_rejections_total\{policy="default",client="web"\} [1-9]/);
  });

  it('gives each user a budget of their own', async () => {
    const first = user();
    for (let i = 0; i < 3; i++) await fetch(`${bff.url}/api/v2/users/u-1`, { headers: first });
    expect((await fetch(`${bff.url}/api/v2/users/u-1`, { headers: first })).status).toBe(429);
    const second = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: user() });
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < 8; i++) {
      for (const path of ['/health/live', '/health/ready']) {
        const probe = await fetch(`${bff.url}${path}`);
        expect(probe.status).toBe(200);
        expect(probe.headers.get('ratelimit-limit')).toBeNull();
      }
    }
  });

  it('keeps the headers on error answers, and replaces any an upstream sends', async () => {
    const auth = user();
    users.handler = () => ({ status: 500, body: { message: 'boom' } });
    const failed = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(failed.status).toBe(502);
    expect(failed.headers.get('ratelimit-remaining')).toBe('2');
    users.handler = () => ({ status: 200, body: {}, headers: { 'ratelimit-limit': '1000', 'ratelimit-remaining': '999', 'ratelimit-reset': '1' } });
    const relayed = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect([relayed.headers.get('ratelimit-limit'), relayed.headers.get('ratelimit-remaining')]).toEqual(['3', '1']);
  });

  it('answers 401 before the limiter runs: no RateLimit headers, however many', async () => {
    for (let i = 0; i < 5; i++) {
      const refused = await fetch(`${bff.url}/api/v2/users/u-1`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});

describe('mobile-bff: anonymous requests are limited by the client address', () => {
  let products: FakeUpstream;

  beforeAll(async () => {
    const built = join(__dirname, '../../../dist/apps/mobile-bff/main.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: run npx nx build mobile-bff first`);
    products = await FakeUpstream.start(() => ({ body: { id: 'p-7', name: 'Lamp', price: 1, currency: 'EUR', imageUrl: 'https://img.example.com/p.jpg' } }));
  });

  afterAll(() => products.close());

  it('keeps one budget for an untrusted peer whatever X-Forwarded-For it rotates through', async () => {
    const bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.url, RATE_LIMIT: '3/60s' });
    try {
      products.requests.length = 0;
      const client = anonymousClient();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        // A product of its own per request: a cached answer would not reach the upstream either.
        const answer = await client.get(bff.url, `/api/v1/products/p-${randomUUID()}`, { 'x-forwarded-for': randomIp() });
        statuses.push(answer.status);
        if (i < 3) expect(answer.headers['ratelimit-remaining']).toBe(String(2 - i));
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
      expect(products.requests).toHaveLength(3);
      // Another address has its own budget.
      expect((await anonymousClient().get(bff.url, '/api/v1/products/p-7')).status).toBe(200);
    } finally {
      await bff.process.stop();
    }
  });

  it('believes X-Forwarded-For from a trusted proxy: each forwarded client has its own budget', async () => {
    const proxy = anonymousClient();
    const bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.url, RATE_LIMIT: '1/60s', TRUSTED_PROXIES: `${proxy.address}/32` });
    try {
      const first = randomIp();
      expect((await proxy.get(bff.url, '/api/v1/products/p-7', { 'x-forwarded-for': first })).status).toBe(200);
      expect((await proxy.get(bff.url, '/api/v1/products/p-7', { 'x-forwarded-for': first })).status).toBe(429);
      expect((await proxy.get(bff.url, '/api/v1/products/p-7', { 'x-forwarded-for': randomIp() })).status).toBe(200);
    } finally {
      await bff.process.stop();
    }
  });
});
