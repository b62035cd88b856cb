import { describeWithRedis, FakeUpstream, LOCAL_REDIS_URL, mintToken, RunningBff, startBff, untilReady } from '@bff/gateway-testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';

describeWithRedis('web-bff with REDIS_URL: one budget across replicas', () => {
  let users: FakeUpstream;
  let replicas: RunningBff[];
  let redis: Redis;
  const created: string[] = [];

  beforeAll(async () => {
    redis = new Redis(LOCAL_REDIS_URL);
    users = await FakeUpstream.start(() => ({ status: 200, body: { id: 'u-1' } }));
    const env = { UPSTREAM_USERS: users.url, REDIS_URL: LOCAL_REDIS_URL, RATE_LIMIT: '5/60s' };
    replicas = await Promise.all([startBff('web-bff', env), startBff('web-bff', env)]);
    await Promise.all(replicas.map(untilReady));
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
