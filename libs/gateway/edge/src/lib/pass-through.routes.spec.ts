import { DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadBffConfig } from '@bff/gateway-config';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeUpstream, mintToken } from '@bff/gateway-testing';
import { createGatewayApp } from './bootstrap';
import { GatewayModule } from './gateway.module';
import { PassThroughRoute, PassThroughRoutesModule, upstreamPathOf } from './pass-through.routes';

const ROUTES: PassThroughRoute[] = [
  { prefix: '/api/open', methods: ['GET'], service: 'products', rewrite: '', auth: 'public', rateLimit: 'skip' },
  { prefix: '/api/staff/reports', service: 'orders', rewrite: '/internal/reports', auth: { roles: ['staff'] }, bodyLimit: 10 },
  { prefix: '/api/limited', service: 'orders', rewrite: '/limited', auth: 'user', rateLimit: { policies: [{ name: 'tiny', limit: 2, windowMs: 60_000 }] } },
];

/** A gateway app relaying `routes` to the services at `upstreams` (`UPSTREAM_*` variables), listening on a free port. */
async function startGateway(upstreams: Record<string, string>, routes: PassThroughRoute[]): Promise<{ app: NestFastifyApplication; base: string }> {
  Logger.overrideLogger(false);
  const config = loadBffConfig({ ...upstreams, LOG_LEVEL: 'silent' }, { client: 'web', port: 0, managementPort: 0 });
  @Module({})
  class PassThroughAppModule {
    static forRoot(): DynamicModule {
      return { module: PassThroughAppModule, imports: [GatewayModule.forRoot(config, { requiredServices: [] }), PassThroughRoutesModule.register(routes)] };
    }
  }
  const app = await createGatewayApp(PassThroughAppModule.forRoot(), config, false);
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

describe('PassThroughRoutesModule in a gateway app', () => {
  let products: FakeUpstream;
  let orders: FakeUpstream;
  let app: NestFastifyApplication;
  let base: string;
  const staff = { authorization: `Bearer ${mintToken({ sub: 'u-7', roles: ['staff'] })}` };
  const user = { authorization: `Bearer ${mintToken({ sub: 'u-8' })}` };

  beforeAll(async () => {
    products = await FakeUpstream.start();
    orders = await FakeUpstream.start();
    ({ app, base } = await startGateway({ UPSTREAM_PRODUCTS: products.url, UPSTREAM_ORDERS: orders.url, UPSTREAM_USERS: orders.url }, ROUTES));
  });

  afterAll(async () => {
    await app.close();
    await products.close();
    await orders.close();
  });

  beforeEach(() => {
    products.requests.length = 0;
    orders.requests.length = 0;
  });

  it('relays a public route without a token, the prefix stripped and the query kept', async () => {
    const response = await fetch(`${base}/api/open/p-1/details?lang=de`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'GET', url: '/p-1/details?lang=de' });
    expect(response.headers.get('ratelimit-limit')).toBeNull();
    await fetch(`${base}/api/open`);
    expect(products.requests.map(({ url }) => url)).toEqual(['/p-1/details?lang=de', '/']);
  });

  it('answers only the declared methods', async () => {
    const response = await fetch(`${base}/api/open/p-1`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(404);
    expect(products.requests).toHaveLength(0);
  });

  it('requires the declared role: 401 without a token, 403 without the role, relayed with it', async () => {
    const anonymous = await fetch(`${base}/api/staff/reports/r-1`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${base}/api/staff/reports/r-1`, { headers: user })).status).toBe(403);
    expect(orders.requests).toHaveLength(0);

    const allowed = await fetch(`${base}/api/staff/reports/r-1?from=2026`, { headers: staff });
    expect(allowed.status).toBe(200);
    expect(orders.requests[0]).toMatchObject({ method: 'GET', url: '/internal/reports/r-1?from=2026' });
    expect(orders.requests[0].headers).toMatchObject({ 'x-user-id': 'u-7', 'x-user-roles': 'staff', 'x-client': 'web' });
  });

  it('streams a body within the route limit byte for byte and refuses a larger one with 413', async () => {
    const ok = await fetch(`${base}/api/staff/reports`, { method: 'PUT', headers: { ...staff, 'content-type': 'application/json' }, body: '{"a": 1 }' });
    expect(ok.status).toBe(200);
    expect(orders.requests[0].body.toString()).toBe('{"a": 1 }');
    const tooLarge = await fetch(`${base}/api/staff/reports`, { method: 'PUT', headers: { ...staff, 'content-type': 'text/plain' }, body: '12345678901' });
    expect(tooLarge.status).toBe(413);
    expect(orders.requests).toHaveLength(1);
  });

  it('applies the declared rate-limit policy', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await fetch(`${base}/api/limited/x`, { headers: user });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last?.headers.get('ratelimit-limit')).toBe('2');
    expect(last?.headers.get('retry-after')).not.toBeNull();
    expect(orders.requests).toHaveLength(2);
  });

  it('refuses paths that would escape the prefix before relaying', async () => {
    const response = await fetch(`${base}/api/open/..%2f..%2fadmin`);
    expect(response.status).toBe(400);
    expect(products.requests).toHaveLength(0);
  });
});

const POLICY_ROUTES: PassThroughRoute[] = [
  { prefix: '/api/quick', service: 'orders', rewrite: '/slow', auth: 'user', timeoutMs: 200 },
  { prefix: '/api/patient', service: 'orders', rewrite: '/slow', auth: 'user' },
  { prefix: '/api/once', methods: ['GET'], service: 'users', rewrite: '/flaky', auth: 'user', retry: false },
  { prefix: '/api/again', methods: ['GET'], service: 'users', rewrite: '/flaky', auth: 'user' },
  { prefix: '/api/cached', methods: ['GET', 'HEAD'], service: 'products', rewrite: '/products', auth: 'user', cache: { ttl: '1m' } },
  { prefix: '/api/cached-open', methods: ['GET'], service: 'products', rewrite: '/products', auth: 'public', cache: { ttl: '1m' } },
];

describe('PassThroughRoutesModule route policies', () => {
  let slow: FakeUpstream;
  let failing: FakeUpstream;
  let healthy: FakeUpstream;
  let products: FakeUpstream;
  let app: NestFastifyApplication;
  let base: string;
  const userA = { authorization: `Bearer ${mintToken({ sub: 'u-a' })}` };
  const userB = { authorization: `Bearer ${mintToken({ sub: 'u-b' })}` };

  beforeAll(async () => {
    // Far slower than the 200 ms route timeout, so that an event loop stalled by a loaded machine
    // cannot let the answer and the timeout land in the same turn.
    slow = await FakeUpstream.start(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return { status: 200, body: { slow: true } };
    });
    // Healthy to the active health check, so that only the balancer decides where a request goes.
    failing = await FakeUpstream.start((request) =>
      request.url === '/health' ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { detail: 'down' } },
    );
    healthy = await FakeUpstream.start();
    products = await FakeUpstream.start((request) => ({ status: 200, body: { url: request.url, n: products.requests.length } }));
    ({ app, base } = await startGateway({ UPSTREAM_PRODUCTS: products.url, UPSTREAM_ORDERS: slow.url, UPSTREAM_USERS: `${failing.url},${healthy.url}` }, POLICY_ROUTES));
  });

  afterAll(async () => {
    await app.close();
    await Promise.all([slow, failing, healthy, products].map((upstream) => upstream.close()));
  });

  beforeEach(() => {
    for (const upstream of [slow, failing, healthy, products]) upstream.requests.length = 0;
  });

  it('answers 504 once the route timeout is spent, while a route without one waits for the slow upstream', async () => {
    const quick = await fetch(`${base}/api/quick`, { headers: userA });
    expect(quick.status).toBe(504);
    expect(quick.headers.get('content-type')).toContain('application/problem+json');
    const patient = await fetch(`${base}/api/patient`, { headers: userA });
    expect(patient.status).toBe(200);
    expect(await patient.json()).toEqual({ slow: true });
  });

  it('never retries a route with retry: false: the failing instance answers 502 after one attempt', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20 && !statuses.includes(502); i++) {
      statuses.push((await fetch(`${base}/api/once`, { headers: userA })).status);
    }
    expect(statuses).toContain(502);
    const proxied = [...failing.requests, ...healthy.requests].filter(({ url }) => url !== '/health');
    expect(proxied).toHaveLength(statuses.length);
  });

  it('retries an idempotent request of a route without retry: false on the other instance', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await fetch(`${base}/api/again/x`, { headers: userA })).status).toBe(200);
    }
    expect(healthy.requests.map(({ url }) => url).filter((url) => url !== '/health')).toEqual(['/flaky/x', '/flaky/x']);
  });

  it('serves a cached route from the cache on the second GET with the upstream called once', async () => {
    const first = await fetch(`${base}/api/cached-open/p-1?lang=de`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await fetch(`${base}/api/cached-open/p-1?lang=de`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await second.json()).toEqual({ url: '/products/p-1?lang=de', n: 1 });
    expect(products.requests).toHaveLength(1);
  });

  it('keeps one entry per user on a cached route that is not public', async () => {
    const a1 = await fetch(`${base}/api/cached/p-2`, { headers: userA });
    const b1 = await fetch(`${base}/api/cached/p-2`, { headers: userB });
    const a2 = await fetch(`${base}/api/cached/p-2`, { headers: userA });
    expect([a1, b1, a2].map((response) => response.headers.get('x-cache'))).toEqual(['MISS', 'MISS', 'HIT']);
    expect(await b1.json()).toEqual({ url: '/products/p-2', n: 2 });
    expect(await a2.json()).toEqual({ url: '/products/p-2', n: 1 });
    expect(products.requests).toHaveLength(2);
    expect((await fetch(`${base}/api/cached/p-2`)).status).toBe(401);
  });
});

describe('PassThroughRoutesModule answers', () => {
  const LARGE = Buffer.alloc(200 * 1024, 'x');
  let upstream: Server;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      if (request.url === '/cut') {
        // Promises 100 bytes, sends 11, then drops the connection.
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"partial":', () => response.socket?.destroy());
      } else if (request.url === '/chunked') {
        // No length: the answer is relayed as it streams.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"part":1,');
        setTimeout(() => response.end('"rest":2}'), 20);
      } else if (request.url === '/unchanged') {
        response.writeHead(304, { etag: '"v1"' });
        response.end();
      } else if (request.url === '/large') {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(LARGE.length) });
        response.end(LARGE);
      } else {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '12' });
        response.end(request.method === 'HEAD' ? undefined : '{"small":1}\n');
      }
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const routes: PassThroughRoute[] = [{ prefix: '/api/files', methods: ['GET', 'HEAD'], service: 'products', rewrite: '', auth: 'public', retry: false }];
    ({ app, base } = await startGateway({ UPSTREAM_PRODUCTS: origin, UPSTREAM_ORDERS: origin, UPSTREAM_USERS: origin }, routes));
  });

  afterAll(async () => {
    await app.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('relays a small answer whole, and its HEAD with the length of the GET', async () => {
    const get = await fetch(`${base}/api/files/small`);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-length')).toBe('12');
    expect(await get.text()).toBe('{"small":1}\n');
    const head = await fetch(`${base}/api/files/small`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('12');
  });

  it('relays an answer of unknown length as it streams', async () => {
    const response = await fetch(`${base}/api/files/chunked`, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    expect(await response.json()).toEqual({ part: 1, rest: 2 });
  });

  it('relays a 304 to a conditional GET with its validator and no body', async () => {
    const response = await fetch(`${base}/api/files/unchanged`, { headers: { 'if-none-match': '"v1"' } });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(await response.text()).toBe('');
  });

  it('relays a large answer byte for byte', async () => {
    const response = await fetch(`${base}/api/files/large`, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(LARGE)).toBe(true);
  });

  it('answers 502 when the service breaks off mid-answer, never a truncated 200', async () => {
    const response = await fetch(`${base}/api/files/cut`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 502, instance: '/api/files/cut' });
  });
});

describe('PassThroughRoutesModule declarations', () => {
  it.each<[Partial<PassThroughRoute>, string]>([
    [{ prefix: 'api/x' }, 'prefix "api/x" must be'],
    [{ prefix: '/api/x/' }, 'prefix "/api/x/" must be'],
    [{ prefix: '/api/:id' }, 'prefix "/api/:id" must be'],
    [{ rewrite: 'users' }, 'rewrite "users" must be'],
    [{ methods: [] }, 'methods must be some of GET'],
    [{ methods: ['TRACE' as 'GET'] }, 'methods must be some of GET'],
    [{ bodyLimit: 0 }, 'bodyLimit must be a positive integer'],
    [{ timeoutMs: 0 }, 'timeoutMs must be a positive integer'],
    [{ timeoutMs: 1.5 }, 'timeoutMs must be a positive integer'],
    [{ retry: true as unknown as false }, 'retry must be false or absent'],
    [{ cache: { ttl: '30s' } }, "cache needs methods ['GET'] or ['GET', 'HEAD']"],
    [{ methods: ['GET', 'POST'], cache: { ttl: '30s' } }, "cache needs methods ['GET'] or ['GET', 'HEAD']"],
    [{ methods: ['GET'], cache: { ttl: 'soon' } }, '@CacheRoute: ttl must be a positive duration'],
  ])('refuses %j at start', (change, message) => {
    const route: PassThroughRoute = { prefix: '/api/x', service: 'users', rewrite: '/users', auth: 'user', ...change };
    expect(() => PassThroughRoutesModule.register([route])).toThrow(message);
  });

  it.each([
    ['/api/v2/users/u-1?x=1', '/users', '/users/u-1?x=1'],
    ['/api/v2/users', '/users', '/users'],
    ['/api/v2/users?limit=2', '/users', '/users?limit=2'],
    ['/api/v2/users?limit=2', '', '/?limit=2'],
    ['/api/v2/users/u-1', '', '/u-1'],
    ['/api/v2/users/u-1?next=/api/v2/users/u-2', '/users', '/users/u-1?next=/api/v2/users/u-2'],
  ])('sends %s with rewrite %j as %s', (url, rewrite, path) => {
    expect(upstreamPathOf({ prefix: '/api/v2/users', rewrite }, url)).toBe(path);
  });
});
