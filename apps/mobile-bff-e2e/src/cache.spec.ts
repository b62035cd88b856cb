import { randomUUID } from 'node:crypto';
import { CLOSED_UPSTREAM, FakeResponse, FakeUpstream, freePort, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

const REDIS_URL = 'redis://127.0.0.1:6379';
// Enough budget for the bursts below; rate limiting is not under test here.
const ROOMY = { RATE_LIMIT: '100000/60s' };

const product = (id: string, name = 'Lamp') => ({
  id,
  name,
  description: 'A long text that phones do not show',
  price: 24.5,
  currency: 'EUR',
  category: 'home',
  imageUrl: `https://img.example.com/${id}.jpg`,
});

/** The products service, answering each product as `answer` says, counting calls per product. */
class Products {
  private static readonly plain = (id: string): FakeResponse => ({ body: product(id) });

  answer: (id: string) => FakeResponse = Products.plain;

  private constructor(readonly upstream: FakeUpstream) {}

  static async start(): Promise<Products> {
    const upstream = await FakeUpstream.start();
    const products = new Products(upstream);
    upstream.handler = (request) => products.answer(request.url.split('/')[2] ?? '');
    return products;
  }

  /** Back to answering every product plainly (a background refresh of an earlier test may still arrive). */
  reset(): void {
    this.answer = Products.plain;
  }

  calls(id: string): number {
    return this.upstream.requests.filter((request) => request.url === `/products/${id}`).length;
  }
}

const get = async (bff: RunningBff, id: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${bff.url}/api/v1/products/${id}`, { headers });
  return { status: response.status, cache: response.headers.get('x-cache'), body: (await response.json()) as { name?: string } };
};

/** Polls `condition` until it holds; fails after 10 s. */
async function eventually(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition never held');
}

describe('mobile-bff: response cache of GET /api/v1/products/:id (in-process)', () => {
  let products: Products;
  let bff: RunningBff;

  beforeAll(async () => {
    products = await Products.start();
    bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.upstream.url, ...ROOMY });
  });

  beforeEach(() => products.reset());

  afterAll(async () => {
    await bff.process.stop();
    await products.upstream.close();
  });

  it('answers MISS, then HIT without calling the products service again', async () => {
    const id = `p-${randomUUID()}`;
    expect(await get(bff, id)).toMatchObject({ status: 200, cache: 'MISS', body: { name: 'Lamp' } });
    expect(await get(bff, id)).toMatchObject({ status: 200, cache: 'HIT', body: { name: 'Lamp' } });
    expect(products.calls(id)).toBe(1);
  });

  it('sends 50 concurrent misses of one product to a slow products service once', async () => {
    const id = `p-${randomUUID()}`;
    products.answer = (pid) => ({ body: product(pid), delayMs: 300 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => get(bff, id)));
    expect(answers.every((answer) => answer.status === 200 && answer.body.name === 'Lamp')).toBe(true);
    expect(products.calls(id)).toBe(1);
  });

  it('serves STALE while refreshing once in the background, then the refreshed product', async () => {
    const id = `p-${randomUUID()}`;
    // max-age=1 caps the route's 30 s TTL, so the entry turns stale after a second.
    products.answer = (pid) => ({ body: product(pid, 'Old lamp'), headers: { 'cache-control': 'max-age=1' } });
    expect((await get(bff, id)).body.name).toBe('Old lamp');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // Slow enough that the three stale requests arrive while the refresh is still running.
    products.answer = (pid) => ({ body: product(pid, 'New lamp'), headers: { 'cache-control': 'max-age=60' }, delayMs: 1000 });
    const stale = await Promise.all([get(bff, id), get(bff, id), get(bff, id)]);
    expect(stale.map((answer) => [answer.cache, answer.body.name])).toEqual(Array(3).fill(['STALE', 'Old lamp']));
    await eventually(async () => (await get(bff, id)).body.name === 'New lamp');
    expect(await get(bff, id)).toMatchObject({ cache: 'HIT', body: { name: 'New lamp' } });
    expect(products.calls(id)).toBe(2);
  });

  it('serves the stale product while the products service fails after expiry', async () => {
    const id = `p-${randomUUID()}`;
    products.answer = (pid) => ({ body: product(pid), headers: { 'cache-control': 'max-age=1' } });
    await get(bff, id);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    products.answer = () => ({ status: 500, body: { message: 'database down' } });
    for (let i = 0; i < 3; i++) expect(await get(bff, id)).toMatchObject({ status: 200, cache: 'STALE', body: { name: 'Lamp' } });
  });

  it('never stores a product the service marks private or no-store: each caller gets their own answer', async () => {
    for (const cacheControl of ['private, max-age=60', 'no-store']) {
      const id = `p-${randomUUID()}`;
      let answered = 0;
      products.answer = (pid) => ({ body: product(pid, pid === id ? `answer ${++answered}` : 'Lamp'), headers: { 'cache-control': cacheControl } });
      const first = await get(bff, id, { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` });
      const second = await get(bff, id, { authorization: `Bearer ${mintToken({ sub: 'u-2' })}` });
      const third = await get(bff, id);
      expect([first, second, third].map((answer) => [answer.cache, answer.body.name])).toEqual([
        ['MISS', 'answer 1'],
        ['MISS', 'answer 2'],
        ['MISS', 'answer 3'],
      ]);
    }
  });

  it('does not store an error answer', async () => {
    const id = `p-${randomUUID()}`;
    products.answer = () => ({ status: 404, body: { message: 'product not found' } });
    expect((await get(bff, id)).status).toBe(404);
    products.answer = (pid) => ({ body: product(pid) });
    expect(await get(bff, id)).toMatchObject({ status: 200, cache: 'MISS' });
  });

  it('counts cache_requests_total by result on the management port', async () => {
    const metrics = await (await fetch(`${bff.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/cache_requests_total\{result="hit",client="mobile"\} [1-9]/);
    expect(metrics).toMatch(/cache_requests_total\{result="miss",client="mobile"\} [1-9]/);
    expect(metrics).toMatch(/cache_requests_total\{result="stale",client="mobile"\} [1-9]/);
  });
});

describe('mobile-bff: response cache shared through Redis', () => {
  let products: Products;
  const started: RunningBff[] = [];
  const start = async (app: string, env: Record<string, string>) => {
    const bff = await startBff(app, { ...ROOMY, ...env });
    started.push(bff);
    return bff;
  };

  beforeAll(async () => {
    products = await Products.start();
  });

  beforeEach(() => products.reset());

  afterAll(async () => {
    await Promise.all(started.map((bff) => bff.process.stop()));
    await products.upstream.close();
  });

  it('lets a second replica answer HIT, and the admin BFF invalidate the entry for both', async () => {
    const env = { UPSTREAM_PRODUCTS: products.upstream.url, REDIS_URL };
    const [a, b] = [await start('mobile-bff', env), await start('mobile-bff', env)];
    const admin = await start('admin-bff', { REDIS_URL });
    const id = `p-${randomUUID()}`;

    expect(await get(a, id)).toMatchObject({ status: 200, cache: 'MISS' });
    expect(await get(b, id)).toMatchObject({ status: 200, cache: 'HIT', body: { name: 'Lamp' } });
    expect(products.calls(id)).toBe(1);

    const invalidated = await fetch(`${admin.url}/api/v1/admin/cache?prefix=${encodeURIComponent(`/api/v1/products/${id}`)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${mintToken({ sub: 'u-9', roles: ['admin'] })}` },
    });
    expect(invalidated.status).toBe(200);
    expect(await invalidated.json()).toEqual({ invalidated: 1 });

    products.answer = (pid) => ({ body: product(pid, 'Renamed lamp') });
    expect(await get(b, id)).toMatchObject({ cache: 'MISS', body: { name: 'Renamed lamp' } });
    expect(await get(a, id)).toMatchObject({ cache: 'HIT', body: { name: 'Renamed lamp' } });
    expect(products.calls(id)).toBe(2);
  });

  it('still answers every request (MISS) when REDIS_URL points at a closed port', async () => {
    const bff = await start('mobile-bff', { UPSTREAM_PRODUCTS: products.upstream.url, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const id = `p-${randomUUID()}`;
    for (let i = 0; i < 3; i++) expect(await get(bff, id)).toMatchObject({ status: 200, cache: 'MISS', body: { name: 'Lamp' } });
  });

  it('answers 502 with no entry to fall back on', async () => {
    const down = await start('mobile-bff', { UPSTREAM_PRODUCTS: CLOSED_UPSTREAM, REDIS_URL });
    expect((await get(down, `p-${randomUUID()}`)).status).toBe(502);
  });
});
