import { CLOSED_UPSTREAM, mintToken, RunningBff, RunningDemoServices, startBff, startDemoServices } from '@bff/gateway-testing';

const auth = { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` };

describe('mobile-bff: home and orders against the demo services', () => {
  let demo: RunningDemoServices;
  let bff: RunningBff;

  beforeAll(async () => {
    demo = await startDemoServices();
    bff = await startBff('mobile-bff', demo.env);
  });

  afterAll(async () => {
    await bff.process.stop();
    await demo.process.stop();
  });

  describe('GET /api/v1/home', () => {
    it('answers the compact home screen: phone fields only', async () => {
      const response = await fetch(`${bff.url}/api/v1/home`, { headers: auth });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        user: Record<string, unknown>;
        orders: Record<string, unknown>[];
        recommendations: Record<string, unknown>[];
        meta: unknown;
      };
      expect(Object.keys(body.user).sort()).toEqual(['id', 'name', 'tier']);
      expect(body.orders.length).toBeGreaterThan(0);
      expect(Object.keys(body.orders[0]).sort()).toEqual(['createdAt', 'id', 'itemCount', 'status', 'total']);
      expect(body.recommendations.length).toBeGreaterThan(0);
      expect(Object.keys(body.recommendations[0]).sort()).toEqual(['currency', 'id', 'imageUrl', 'inStock', 'name', 'price']);
      expect(body.recommendations[0]['imageUrl']).toContain('w=640');
      expect(body.meta).toEqual({ degraded: [] });
    });

    it('narrows the answer to ?fields=', async () => {
      const response = await fetch(`${bff.url}/api/v1/home?fields=user.name,recommendations.name,recommendations.inStock`, { headers: auth });
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['meta', 'recommendations', 'user']);
      expect(Object.keys(body['user'] as object)).toEqual(['name']);
      for (const item of body['recommendations'] as object[]) expect(Object.keys(item).sort()).toEqual(['inStock', 'name']);
    });

    it('answers 400 problem+json naming an unknown field', async () => {
      const response = await fetch(`${bff.url}/api/v1/home?fields=user.email`, { headers: auth });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ detail: 'Unknown field in fields: user.email.' });
    });

    it('answers a 502 problem naming the user part when the users service is down', async () => {
      const down = await startBff('mobile-bff', { ...demo.env, UPSTREAM_USERS: CLOSED_UPSTREAM });
      try {
        const response = await fetch(`${down.url}/api/v1/home`, { headers: auth });
        expect(response.status).toBe(502);
        expect(await response.json()).toMatchObject({ errors: [{ part: 'user', reason: 'unavailable' }] });
      } finally {
        await down.process.stop();
      }
    });
  });

  describe('GET /api/v1/orders', () => {
    it('walks every order of the user page by page with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `limit=2&cursor=${encodeURIComponent(cursor)}` : 'limit=2';
        const response = await fetch(`${bff.url}/api/v1/orders?${query}`, { headers: auth });
        expect(response.status).toBe(200);
        const page = (await response.json()) as { items: { id: string; itemCount: number }[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      expect(pages).toBeGreaterThan(1);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=not%20a%20cursor', 'cursor'],
      ['cursor=bm9wZQ', 'cursor'],
    ])('answers 400 problem+json to %s', async (query, field) => {
      const response = await fetch(`${bff.url}/api/v1/orders?${query}`, { headers: auth });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ errors: [{ field }] });
    });
  });
});
