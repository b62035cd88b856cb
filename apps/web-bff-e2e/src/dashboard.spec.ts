import { CLOSED_UPSTREAM, mintToken, RunningBff, RunningDemoServices, startBff, startDemoServices } from '@bff/gateway-testing';

interface DashboardBody {
  user: { id?: string; username: string; email?: string };
  orders: { id: string; items: { productId: string; product: { id: string; name: string } | null }[] }[];
  recommendations: { product: { id: string }; stock: { available: number; inStock: boolean } | null }[];
  meta: { degraded: { part: string; reason: string }[] };
}

const auth = { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` };

describe('web-bff: GET /api/v1/dashboard against the demo services', () => {
  let demo: RunningDemoServices;
  const bffs: RunningBff[] = [];
  const start = async (env: Record<string, string>) => {
    const bff = await startBff('web-bff', env);
    bffs.push(bff);
    return bff;
  };

  beforeAll(async () => {
    demo = await startDemoServices();
  });

  afterEach(async () => {
    await Promise.all(bffs.splice(0).map((bff) => bff.process.stop()));
  });

  afterAll(async () => {
    await demo.process.stop();
  });

  it('answers the profile, recent orders with their products and recommendations with stock', async () => {
    const bff = await start(demo.env);
    const response = await fetch(`${bff.url}/api/v1/dashboard`, { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as DashboardBody;
    expect(body.user.username).toEqual(expect.any(String));
    expect(body.user).not.toHaveProperty('email');
    expect(body.user).not.toHaveProperty('id');
    expect(body.orders.length).toBeGreaterThan(0);
    for (const order of body.orders) {
      for (const item of order.items) expect(item.product).toMatchObject({ id: item.productId });
    }
    expect(body.recommendations.length).toBeGreaterThan(0);
    expect(body.recommendations.every((recommendation) => recommendation.stock !== null)).toBe(true);
    expect(body.meta).toEqual({ degraded: [] });
  });

  it('answers 200 with meta.degraded naming products when the products service is down', async () => {
    const bff = await start({ ...demo.env, UPSTREAM_PRODUCTS: CLOSED_UPSTREAM });
    const response = await fetch(`${bff.url}/api/v1/dashboard`, { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as DashboardBody;
    expect(body.user.username).toEqual(expect.any(String));
    expect(body.meta.degraded).toContainEqual({ part: 'products', reason: 'unavailable' });
    expect(body.recommendations).toEqual([]);
    expect(body.orders.length).toBeGreaterThan(0);
    expect(body.orders.flatMap((order) => order.items).every((item) => item.product === null)).toBe(true);
  });

  it('shows the email and internal id to an admin', async () => {
    const bff = await start(demo.env);
    const admin = { authorization: `Bearer ${mintToken({ sub: 'u-1', roles: ['admin'] })}` };
    const body = (await (await fetch(`${bff.url}/api/v1/dashboard`, { headers: admin })).json()) as DashboardBody;
    expect(body.user).toMatchObject({ id: 'u-1', email: expect.stringContaining('@') });
  });

  it('names stock as degraded when gRPC inventory is down, and keeps the rest', async () => {
    const bff = await start({ ...demo.env, UPSTREAM_INVENTORY: '127.0.0.1:9' });
    const body = (await (await fetch(`${bff.url}/api/v1/dashboard`, { headers: auth })).json()) as DashboardBody;
    expect(body.meta.degraded).toEqual([{ part: 'stock', reason: 'unavailable' }]);
    expect(body.recommendations.length).toBeGreaterThan(0);
    expect(body.recommendations.every((recommendation) => recommendation.stock === null)).toBe(true);
  });

  it('answers a 502 problem+json naming the user part when the users service is down', async () => {
    const bff = await start({ ...demo.env, UPSTREAM_USERS: CLOSED_UPSTREAM });
    const response = await fetch(`${bff.url}/api/v1/dashboard`, { headers: { ...auth, 'x-request-id': 'dash-502' } });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const text = await response.text();
    expect(text).not.toContain('127.0.0.1');
    expect(JSON.parse(text)).toEqual({
      type: 'urn:bff:problem:required-part-failed',
      title: 'Bad Gateway',
      status: 502,
      detail: 'The user part of this answer could not be loaded.',
      errors: [{ part: 'user', reason: 'unavailable' }],
      instance: '/api/v1/dashboard',
      requestId: 'dash-502',
    });
  });

  it('counts the parts by outcome on the management port', async () => {
    const bff = await start({ ...demo.env, UPSTREAM_PRODUCTS: CLOSED_UPSTREAM });
    await fetch(`${bff.url}/api/v1/dashboard`, { headers: auth });
    const metrics = await (await fetch(`${bff.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/aggregation_part_total\{part="user",outcome="ok",client="web"\} 1/);
    expect(metrics).toMatch(/aggregation_part_total\{part="products",outcome="unavailable",client="web"\} 1/);
  });

  it('needs a token', async () => {
    const bff = await start(demo.env);
    const response = await fetch(`${bff.url}/api/v1/dashboard`);
    expect(response.status).toBe(401);
  });
});
