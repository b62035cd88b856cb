import { CLOSED_UPSTREAM, FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

const admin = { authorization: `Bearer ${mintToken({ sub: 'u-2', roles: ['admin'] })}` };
const user = { authorization: `Bearer ${mintToken({ sub: 'u-1', roles: ['user'] })}` };

describe('admin-bff: operator routes', () => {
  let users: FakeUpstream;
  let orders: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start((request) => ({
      body: { id: request.url.split('/')[2], username: 'name-' + request.url.split('/')[2], name: 'N', email: 'e@x', tier: 'gold' },
    }));
    orders = await FakeUpstream.start(() => ({
      body: {
        items: [
          { id: 'o-2', userId: 'u-1', status: 'paid', createdAt: '2026-01-02', items: [], total: 5 },
          { id: 'o-1', userId: 'u-3', status: 'paid', createdAt: '2026-01-01', items: [], total: 7 },
        ],
        nextCursor: null,
      },
    }));
    bff = await startBff('admin-bff', { UPSTREAM_USERS: users.url, UPSTREAM_ORDERS: orders.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
    await orders.close();
  });

  it('lists every service live for an admin: breaker, load, counts, and its instances', async () => {
    await fetch(`${bff.url}/api/v1/admin/orders`, { headers: admin });
    const response = await fetch(`${bff.url}/api/v1/admin/services`, { headers: admin });
    expect(response.status).toBe(200);
    const { services } = (await response.json()) as { services: { name: string; requests: number; instances: unknown[] }[] };
    expect(services.map((service) => service.name).sort()).toEqual(['orders', 'products', 'users']);
    const usersView = services.find((service) => service.name === 'users');
    expect(usersView).toMatchObject({ breaker: 'closed', inFlight: 0, errors: 0 });
    expect(usersView?.requests).toBeGreaterThan(0);
    expect(usersView?.instances).toEqual([
      { id: users.url, origin: users.url, healthy: true, ejected: false, inFlight: 0, requests: usersView?.requests, errors: 0 },
    ]);
  });

  it('answers 403 to a token without the admin role and 401 without a token', async () => {
    const forbidden = await fetch(`${bff.url}/api/v1/admin/services`, { headers: user });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${bff.url}/api/v1/admin/orders`)).status).toBe(401);
  });

  it('joins orders with their users', async () => {
    const response = await fetch(`${bff.url}/api/v1/admin/orders`, { headers: admin });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { id: string; user: { id: string; username: string } }[] };
    expect(body.items.map((order) => [order.id, order.user.id, order.user.username])).toEqual([
      ['o-2', 'u-1', 'name-u-1'],
      ['o-1', 'u-3', 'name-u-3'],
    ]);
    expect(orders.requests.at(-1)?.headers['x-user-roles']).toBe('admin');
  });

  it('validates the query: 400 problem listing each invalid field, without calling a service', async () => {
    const before = orders.requests.length;
    const response = await fetch(`${bff.url}/api/v1/admin/orders?limit=500&sort=evil`, { headers: admin });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { errors: { field: string; messages: string[] }[] };
    expect(problem.errors.map((error) => error.field).sort()).toEqual(['limit', 'sort']);
    expect(orders.requests.length).toBe(before);
  });

  it('answers 502 problem+json while the orders service is down', async () => {
    const down = await startBff('admin-bff', { UPSTREAM_USERS: users.url, UPSTREAM_ORDERS: CLOSED_UPSTREAM });
    try {
      const response = await fetch(`${down.url}/api/v1/admin/orders`, { headers: admin });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ status: 502, detail: 'The orders service is unavailable.' });
    } finally {
      await down.process.stop();
    }
  });
});
