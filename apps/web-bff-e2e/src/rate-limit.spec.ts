import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';
import { createHash, randomUUID } from 'node:crypto';

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

describe('web-bff: tiers from the token (RATE_LIMIT=3/60s, RATE_LIMIT_TIERS=partner=5/60s)', () => {
  const partnerKey = `k-${randomUUID()}`;
  let users: FakeUpstream;
  let bff: RunningBff;
  const bearer = (tier?: string) => ({ authorization: `Bearer ${mintToken({ sub: `rl-${randomUUID()}`, tier })}` });
  const get = (headers: Record<string, string>) => fetch(`${bff.url}/api/v2/users/u-1`, { headers });

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ status: 200, body: { id: 'u-1', username: 'ada' } }));
    bff = await startBff('web-bff', {
      UPSTREAM_USERS: users.url,
      RATE_LIMIT: '3/60s',
      RATE_LIMIT_TIERS: 'partner=5/60s',
      API_KEYS: `ci-bot:partner:${createHash('sha256').update(partnerKey).digest('hex')}`,
    });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  it('gives a token with tier partner the partner limit', async () => {
    const partner = bearer('partner');
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const answer = await get(partner);
      statuses.push(answer.status);
      expect(answer.headers.get('ratelimit-limit')).toBe('5');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('gives a token naming no configured tier the user limit', async () => {
    for (const auth of [bearer(), bearer('gold')]) expect((await get(auth)).headers.get('ratelimit-limit')).toBe('3');
  });

  it('lets the verified user win over an API key, and never relays the key upstream', async () => {
    users.requests.length = 0;
    const answer = await get({ ...bearer(), 'x-api-key': partnerKey, 'x-custom': 'kept' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-limit')).toBe('3');
    expect(users.requests).toHaveLength(1);
    expect(users.requests[0].headers['x-custom']).toBe('kept');
    expect(users.requests[0].headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(users.requests[0].rawHeaders)).not.toContain(partnerKey);
  });

  it('still needs the token on an authenticated route: a key alone is 401', async () => {
    expect((await get({ 'x-api-key': partnerKey })).status).toBe(401);
  });
});
