import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';
import Redis from 'ioredis';
import { spawnSync } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { IncomingHttpHeaders, request } from 'node:http';
import { join } from 'node:path';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Whether the machine's Redis answers; CI must have it, elsewhere its suites are skipped with a reason. */
const redisUp =
  spawnSync(process.execPath, ['-e', "require('net').connect(6379,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"], { timeout: 3000 })
    .status === 0;
if (!redisUp && !process.env['CI']) console.warn('SKIPPED: the shared-Redis rate-limit e2e specs need Redis on 127.0.0.1:6379');
const describeRedis = redisUp || process.env['CI'] ? describe : describe.skip;

/** A client on a loopback address of its own (127.x.y.z), so its Redis key is this run's alone. */
function anonymousClient() {
  const address = `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;
  const get = (base: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
      const req = request(`${base}${path}`, { headers, localAddress: address, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });
  return { address, get };
}

const randomIp = () => `${randomInt(1, 224)}.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** Waits until `/health/ready` is 200 (the BFF is connected to Redis); fails after 10 s. */
async function ready(bff: RunningBff): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await fetch(`${bff.url}/health/ready`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${bff.url} never became ready:\n${bff.process.output}`);
}

describeRedis('web-bff with REDIS_URL: one budget across replicas', () => {
  let users: FakeUpstream;
  let replicas: RunningBff[];
  let redis: Redis;
  const created: string[] = [];

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    users = await FakeUpstream.start(() => ({ status: 200, body: { id: 'u-1' } }));
    const env = { UPSTREAM_USERS: users.url, REDIS_URL, RATE_LIMIT: '5/60s' };
    replicas = await Promise.all([startBff('web-bff', env), startBff('web-bff', env)]);
    await Promise.all(replicas.map(ready));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((bff) => bff.process.stop()));
    await users.close();
    if (created.length > 0) await redis.del(...created);
    redis.disconnect();
  });

  it('reports Redis in readiness', async () => {
    const readiness = await (await fetch(`${replicas[0].url}/health/ready`)).json();
    expect(readiness).toMatchObject({ status: 'ok', details: { redis: { status: 'up' } } });
  });

  it('lets exactly 5 of 20 concurrent requests through, from 4 clients spread over both replicas', async () => {
    const sub = `rl-${randomUUID()}`;
    const key = `bff:rl:web:default:user:${sub}`;
    created.push(key);
    const auth = { authorization: `Bearer ${mintToken({ sub })}` };
    users.requests.length = 0;
    const clients = Array.from({ length: 4 }, (_, client) =>
      Promise.all(
        Array.from({ length: 5 }, async (_, i) => {
          const response = await fetch(`${replicas[(client + i) % 2].url}/api/v2/users/u-1`, { headers: auth });
          await response.arrayBuffer();
          return { status: response.status, limit: response.headers.get('ratelimit-limit') };
        }),
      ),
    );
    const answers = (await Promise.all(clients)).flat();
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
    expect(answers.every((answer) => answer.limit === '5')).toBe(true);
    expect(users.requests).toHaveLength(5);
    expect(await redis.zcard(key)).toBe(5);
    const ttl = await redis.pttl(key);
    expect(ttl > 0 && ttl <= 60_000).toBe(true);
  });
});

describeRedis('mobile-bff with REDIS_URL: an untrusted peer rotating X-Forwarded-For', () => {
  let products: FakeUpstream;
  let bff: RunningBff;
  let redis: Redis;
  const client = anonymousClient();

  beforeAll(async () => {
    const built = join(__dirname, '../../../dist/apps/mobile-bff/main.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: run npx nx build mobile-bff first`);
    redis = new Redis(REDIS_URL);
    products = await FakeUpstream.start(() => ({ body: { id: 'p-7', name: 'Lamp', price: 1, currency: 'EUR', imageUrl: 'https://img.example.com/p.jpg' } }));
    bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.url, REDIS_URL, RATE_LIMIT: '3/60s' });
    await ready(bff);
  });

  afterAll(async () => {
    await bff.process.stop();
    await products.close();
    await redis.del(`bff:rl:mobile:default:ip:${client.address}`);
    redis.disconnect();
  });

  it('neither resets its budget nor creates keys: one key, its peer address', async () => {
    const forwarded = Array.from({ length: 6 }, randomIp);
    const statuses: number[] = [];
    // A product of its own per request: a cached answer would not reach the upstream either.
    for (const value of forwarded) statuses.push((await client.get(bff.url, `/api/v1/products/p-${randomUUID()}`, { 'x-forwarded-for': value })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(products.requests).toHaveLength(3);
    expect(await redis.zcard(`bff:rl:mobile:default:ip:${client.address}`)).toBe(3);
    for (const value of forwarded) expect(await redis.exists(`bff:rl:mobile:default:ip:${value}`)).toBe(0);
  });
});

describe('web-bff with Redis unreachable (REDIS_URL=redis://127.0.0.1:1)', () => {
  let users: FakeUpstream;
  const auth = () => ({ authorization: `Bearer ${mintToken({ sub: `rl-${randomUUID()}` })}` });

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ status: 200, body: { id: 'u-1' } }));
  });

  afterAll(() => users.close());

  it('starts, is not ready, and with RATE_LIMIT_FAIL=open serves without RateLimit headers, counting the failures', async () => {
    const bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_FAIL: 'open', RATE_LIMIT: '1/60s' });
    try {
      const readiness = await fetch(`${bff.url}/health/ready`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
      const headers = auth();
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers });
        expect(response.status).toBe(200);
        expect(response.headers.get('ratelimit-limit')).toBeNull();
        expect(response.headers.get('ratelimit-remaining')).toBeNull();
      }
      const metrics = await (await fetch(`${bff.managementUrl}/metrics`)).text();
      expect(metrics).toMatch(/rate_limit_store_failures_total\{client="web"\} [3-9]/);
    } finally {
      await bff.process.stop();
    }
  });

  it('with RATE_LIMIT_FAIL=closed answers 503 problem+json with Retry-After, without calling the service', async () => {
    const bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_FAIL: 'closed' });
    try {
      users.requests.length = 0;
      const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { ...auth(), 'x-request-id': 'rl-503' } });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      const text = await response.text();
      expect(text).not.toMatch(/127\.0\.0\.1|6379|ECONNREFUSED|ioredis/i);
      expect(JSON.parse(text)).toEqual({
        type: 'urn:bff:problem:rate-limit-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'Requests cannot be counted right now: retry shortly.',
        instance: '/api/v2/users/u-1',
        requestId: 'rl-503',
      });
      expect(users.requests).toHaveLength(0);
    } finally {
      await bff.process.stop();
    }
  });
});
