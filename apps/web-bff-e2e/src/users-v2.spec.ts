import { FakeUpstream, mintToken, rawRequest, RunningBff, startBff } from '@bff/gateway-testing';

describe('web-bff: ANY /api/v2/users/<rest> passes through to the users service', () => {
  let users: FakeUpstream;
  let bff: RunningBff;
  const token = mintToken({ sub: 'u-1', roles: ['user', 'beta'] });
  const auth = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    users = await FakeUpstream.start();
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  beforeEach(() => {
    users.requests.length = 0;
    users.handler = () => ({ status: 200, body: { id: 'u-1', username: 'ada' } });
  });

  it('relays a GET with its query and answers with the service JSON', async () => {
    const response = await fetch(`${bff.url}/api/v2/users/u-1/preferences?lang=de&x=a%20b`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ id: 'u-1', username: 'ada' });
    expect(users.requests).toHaveLength(1);
    expect(users.requests[0]).toMatchObject({ method: 'GET', url: '/users/u-1/preferences?lang=de&x=a%20b' });
  });

  it('relays the collection root too', async () => {
    await fetch(`${bff.url}/api/v2/users?limit=2`, { headers: auth });
    expect(users.requests[0].url).toBe('/users?limit=2');
  });

  it('relays a POST body byte for byte', async () => {
    const body = '{ "username":"grace",   "name": "Grace Hopper", "emoji": "\u00e9\u2603" }';
    users.handler = () => ({ status: 201, body: { id: 'u-31' } });
    const response = await fetch(`${bff.url}/api/v2/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(201);
    expect(users.requests[0].method).toBe('POST');
    expect(users.requests[0].body.toString('utf8')).toBe(body);
    expect(users.requests[0].headers['content-type']).toBe('application/json');
  });

  it('sends identity, request id and trace context, and strips what the client claimed', async () => {
    await rawRequest(bff.url, {
      path: '/api/v2/users/u-1',
      headers: {
        ...auth,
        'x-request-id': 'trace-me-1',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'x-user-id': 'admin',
        'x-user-roles': 'admin',
        'x-client': 'admin',
        'x-forwarded-user': 'root',
        x_user_id: 'admin',
        'x-forwarded-for': '203.0.113.7',
        connection: 'x-user-id, x-user-roles, keep-alive',
      },
    });
    const seen = users.requests[0];
    expect(seen.headers['x-user-id']).toBe('u-1');
    expect(seen.headers['x-user-roles']).toBe('user,beta');
    expect(seen.headers['x-client']).toBe('web');
    expect(seen.headers['x-forwarded-user']).toBeUndefined();
    expect(seen.headers['x_user_id']).toBeUndefined();
    expect(seen.headers['x-request-id']).toBe('trace-me-1');
    expect(seen.headers['traceparent']).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(bff.url).host);
    expect(seen.headers['authorization']).toBeUndefined();
    expect(seen.rawHeaders.filter((name) => name.toLowerCase() === 'x-user-id')).toHaveLength(1);
  });

  it('drops hop-by-hop headers of the upstream answer', async () => {
    users.handler = () => ({ status: 200, body: {}, headers: { connection: 'x-secret', 'x-secret': 'internal', 'x-kept': 'yes' } });
    const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(response.headers.get('x-secret')).toBeNull();
    expect(response.headers.get('x-kept')).toBe('yes');
  });

  it("keeps the service's own content policy on a relayed answer, the API's where it sent none", async () => {
    users.handler = () => ({ status: 200, body: {}, headers: { 'content-security-policy': "default-src 'self'" } });
    const own = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(own.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(own.headers.get('x-frame-options')).toBe('DENY');
    users.handler = () => ({ status: 200, body: {} });
    const none = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(none.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it.each([
    ['no token', {}, 'Bearer'],
    ['a garbage token', { authorization: 'Bearer abc.def.ghi' }, 'Bearer error="invalid_token"'],
    ['an expired token', { authorization: `Bearer ${mintToken({ sub: 'u-1', ttl: -60 })}` }, 'Bearer error="invalid_token"'],
    ['a token signed with another key', { authorization: `Bearer ${mintToken({ sub: 'u-1', secret: 'z'.repeat(40) })}` }, 'Bearer error="invalid_token"'],
  ])('answers 401 problem+json to %s, without calling the service', async (_, headers, challenge) => {
    const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(challenge);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(users.requests).toHaveLength(0);
  });

  it.each(['/api/v2/users/..%2f..%2fadmin', '/api/v2/users/%2e%2e/orders', '/api/v2/users/a%5cb'])(
    'refuses %s with 400 before authentication, without calling the service',
    async (path) => {
      const response = await rawRequest(bff.url, { path, headers: auth });
      expect(response.status).toBe(400);
      expect(users.requests).toHaveLength(0);
    },
  );

  it('is rate limited like every public route (the declared route gets the RateLimit headers)', async () => {
    const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(response.headers.get('ratelimit-limit')).toBe('100');
    expect(Number(response.headers.get('ratelimit-remaining'))).toBeLessThan(100);
  });

  it('keeps a 4xx status of the service with its short message as detail', async () => {
    users.handler = () => ({ status: 404, body: { message: 'user not found', stack: 'at secret.ts:1' } });
    const response = await fetch(`${bff.url}/api/v2/users/u-404`, { headers: { ...auth, 'x-request-id': 'r-404' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'user not found',
      instance: '/api/v2/users/u-404',
      requestId: 'r-404',
    });
  });

  it('turns a 5xx of the service into a 502 problem without relaying its body', async () => {
    users.handler = () => ({ status: 500, body: { message: 'db at 10.1.2.3 exploded' } });
    const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain('10.1.2.3');
    expect(JSON.parse(text)).toMatchObject({ status: 502, title: 'Bad Gateway', detail: 'The users service failed.' });
  });
});

describe('web-bff: users service down', () => {
  it('answers 502 problem+json naming no host or URL', async () => {
    const users = await FakeUpstream.start();
    const address = users.url;
    await users.close();
    const bff = await startBff('web-bff', { UPSTREAM_USERS: address });
    try {
      const response = await fetch(`${bff.url}/api/v2/users/u-1`, {
        headers: { authorization: `Bearer ${mintToken({ sub: 'u-1' })}`, 'x-request-id': 'down-1' },
      });
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const text = await response.text();
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toMatch(/ECONNREFUSED|undici|stack/i);
      expect(JSON.parse(text)).toEqual({
        type: 'urn:bff:problem:upstream-unavailable',
        title: 'Bad Gateway',
        status: 502,
        detail: 'The users service is unavailable.',
        instance: '/api/v2/users/u-1',
        requestId: 'down-1',
      });
    } finally {
      await bff.process.stop();
    }
  });
});

describe('web-bff: body limit on the pass-through route', () => {
  it('answers 413 to a body over 1 MiB without calling the service', async () => {
    const users = await FakeUpstream.start();
    const bff = await startBff('web-bff', { UPSTREAM_USERS: users.url });
    try {
      const response = await fetch(`${bff.url}/api/v2/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mintToken({ sub: 'u-1' })}`, 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(1024 * 1024 + 1, 7),
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(users.requests).toHaveLength(0);
    } finally {
      await bff.process.stop();
      await users.close();
    }
  });

  it('answers 413 to a chunked body that grows past 1 MiB', async () => {
    const users = await FakeUpstream.start();
    const bff = await startBff('web-bff', { UPSTREAM_USERS: users.url });
    try {
      const chunks = async function* () {
        for (let i = 0; i < 20; i++) yield Buffer.alloc(64 * 1024, 1);
      };
      const response = await fetch(`${bff.url}/api/v2/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mintToken({ sub: 'u-1' })}`, 'content-type': 'application/octet-stream' },
        body: ReadableStream.from(chunks()),
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(users.requests.every((request) => request.body.length <= 1024 * 1024)).toBe(true);
    } finally {
      await bff.process.stop();
      await users.close();
    }
  });
});
