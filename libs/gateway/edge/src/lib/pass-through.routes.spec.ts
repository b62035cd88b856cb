import { DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadBffConfig } from '@bff/gateway-config';
import { FakeUpstream, mintToken } from '@bff/gateway-testing';
import { createGatewayApp } from './bootstrap';
import { GatewayModule } from './gateway.module';
import { PassThroughRoute, PassThroughRoutesModule, upstreamPathOf } from './pass-through.routes';

const ROUTES: PassThroughRoute[] = [
  { prefix: '/api/open', methods: ['GET'], service: 'products', rewrite: '', auth: 'public', rateLimit: 'skip' },
  { prefix: '/api/staff/reports', service: 'orders', rewrite: '/internal/reports', auth: { roles: ['staff'] }, bodyLimit: 10 },
  { prefix: '/api/limited', service: 'orders', rewrite: '/limited', auth: 'user', rateLimit: { policies: [{ name: 'tiny', limit: 2, windowMs: 60_000 }] } },
];

describe('PassThroughRoutesModule in a gateway app', () => {
  let products: FakeUpstream;
  let orders: FakeUpstream;
  let app: NestFastifyApplication;
  let base: string;
  const staff = { authorization: `Bearer ${mintToken({ sub: 'u-7', roles: ['staff'] })}` };
  const user = { authorization: `Bearer ${mintToken({ sub: 'u-8' })}` };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    products = await FakeUpstream.start();
    orders = await FakeUpstream.start();
    const config = loadBffConfig({ UPSTREAM_PRODUCTS: products.url, UPSTREAM_ORDERS: orders.url, UPSTREAM_USERS: orders.url, LOG_LEVEL: 'silent' }, {
      client: 'web',
      port: 0,
      managementPort: 0,
    });
    @Module({})
    class TestAppModule {
      static forRoot(): DynamicModule {
        return { module: TestAppModule, imports: [GatewayModule.forRoot(config, { requiredServices: [] }), PassThroughRoutesModule.register(ROUTES)] };
      }
    }
    app = await createGatewayApp(TestAppModule.forRoot(), config, false);
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
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

describe('PassThroughRoutesModule declarations', () => {
  it.each<[Partial<PassThroughRoute>, string]>([
    [{ prefix: 'api/x' }, 'prefix "api/x" must be'],
    [{ prefix: '/api/x/' }, 'prefix "/api/x/" must be'],
    [{ prefix: '/api/:id' }, 'prefix "/api/:id" must be'],
    [{ rewrite: 'users' }, 'rewrite "users" must be'],
    [{ methods: [] }, 'methods must be some of GET'],
    [{ methods: ['TRACE' as 'GET'] }, 'methods must be some of GET'],
    [{ bodyLimit: 0 }, 'bodyLimit must be a positive integer'],
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
