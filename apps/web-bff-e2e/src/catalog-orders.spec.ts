import { connect, NatsConnection, Subscription } from 'nats';
import { request } from 'node:http';
import { mintToken, RunningBff, RunningDemoServices, startBff, startDemoServices } from '@bff/gateway-testing';

const NATS_URL = 'nats://127.0.0.1:4222';

interface CatalogProduct {
  id: string;
  name: string;
  availability: { available: number; inStock: boolean } | null;
}

/** The answer bytes as sent (fetch would decode them). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ headers: Record<string, unknown>; size: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let size = 0;
      response.on('data', (chunk: Buffer) => (size += chunk.length));
      response.on('end', () => resolve({ headers: response.headers, size }));
    })
      .on('error', reject)
      .end();
  });
}

describe('web-bff: catalogue and orders against the demo services', () => {
  let demo: RunningDemoServices;
  let bff: RunningBff;
  let nats: NatsConnection;

  beforeAll(async () => {
    demo = await startDemoServices();
    bff = await startBff('web-bff', { ...demo.env, NATS_URL });
    nats = await connect({ servers: NATS_URL });
  });

  afterAll(async () => {
    await nats.close();
    await bff.process.stop();
    await demo.process.stop();
  });

  describe('GET /api/v1/products', () => {
    it('lists products with availability, without a token', async () => {
      const response = await fetch(`${bff.url}/api/v1/products?limit=3`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: CatalogProduct[]; total: number; meta: unknown };
      expect(body.items).toHaveLength(3);
      expect(body.total).toBeGreaterThan(3);
      expect(body.items.every((product) => product.availability !== null)).toBe(true);
      expect(body.meta).toEqual({ degraded: [] });
    });

    it('compresses answers of 1 KiB and more when the client accepts it, and only those', async () => {
      const url = `${bff.url}/api/v1/products?limit=20`;
      const plain = await rawGet(url);
      const br = await rawGet(url, { 'accept-encoding': 'br' });
      const gzip = await rawGet(url, { 'accept-encoding': 'gzip, deflate' });
      expect(plain.size).toBeGreaterThanOrEqual(1024);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(br.headers['content-encoding']).toBe('br');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(br.size).toBeLessThan(plain.size);
      const small = await rawGet(`${bff.url}/api/v1/products?limit=1`, { 'accept-encoding': 'gzip, br' });
      expect(small.size).toBeLessThan(1024);
      expect(small.headers['content-encoding']).toBeUndefined();
    });

    it('caches the catalogue for everyone: MISS, then HIT with the same answer, whatever the query order', async () => {
      const first = await fetch(`${bff.url}/api/v1/products?limit=4&offset=7`);
      expect(first.headers.get('x-cache')).toBe('MISS');
      const second = await fetch(`${bff.url}/api/v1/products?offset=7&limit=4`, { headers: { authorization: `Bearer ${mintToken({ sub: 'u-2' })}` } });
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(await second.json()).toEqual(await first.json());
      const product = await fetch(`${bff.url}/api/v1/products/p-2`);
      expect(product.headers.get('x-cache')).toBe('MISS');
      expect((await fetch(`${bff.url}/api/v1/products/p-2`)).headers.get('x-cache')).toBe('HIT');
    });

    it('answers one product with its availability', async () => {
      const response = await fetch(`${bff.url}/api/v1/products/p-1`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: 'p-1', availability: { inStock: expect.any(Boolean) }, meta: { degraded: [] } });
    });

    it('keeps the service 404 for an unknown product', async () => {
      const response = await fetch(`${bff.url}/api/v1/products/p-nope`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers 400 listing an invalid query field', async () => {
      const response = await fetch(`${bff.url}/api/v1/products?limit=500`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ field: 'limit' }] });
    });
  });

  describe('POST /api/v1/orders', () => {
    const user = `e2e-${process.pid}-${Date.now()}`;
    const auth = { authorization: `Bearer ${mintToken({ sub: user })}`, 'content-type': 'application/json' };

    it('creates the order for the signed-in user (201) and publishes order.created', async () => {
      const events: Subscription = nats.subscribe('order.created');
      const seen = (async () => {
        for await (const message of events) {
          const event = JSON.parse(new TextDecoder().decode(message.data)) as { data: { userId: string; orderId: string } };
          if (event.data.userId === user) return event.data;
        }
        return undefined;
      })();
      await nats.flush();
      const response = await fetch(`${bff.url}/api/v1/orders`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ items: [{ productId: 'p-1', quantity: 2 }] }),
      });
      expect(response.status).toBe(201);
      const order = (await response.json()) as { id: string; userId: string; items: { productId: string; quantity: number }[] };
      expect(order).toMatchObject({ userId: user, items: [{ productId: 'p-1', quantity: 2 }] });
      expect(await seen).toMatchObject({ orderId: order.id, userId: user, itemCount: 1 });
      events.unsubscribe();
    });

    it('answers 400 problem+json listing every invalid field, without calling the service', async () => {
      const response = await fetch(`${bff.url}/api/v1/orders`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ items: [{ productId: '', quantity: 0 }], userId: 'someone-else' }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const body = (await response.json()) as { errors: { field: string }[] };
      expect(body.errors.map((error) => error.field).sort()).toEqual(['items.0.productId', 'items.0.quantity', 'userId']);
    });

    it('keeps the service 400 for an unknown product', async () => {
      const response = await fetch(`${bff.url}/api/v1/orders`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ items: [{ productId: 'p-nope', quantity: 1 }] }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ detail: 'unknown product p-nope' });
    });

    it('needs a token', async () => {
      const response = await fetch(`${bff.url}/api/v1/orders`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(401);
    });
  });
});
