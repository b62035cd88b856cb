import { CLOSED_UPSTREAM, FakeUpstream, RunningBff, startBff } from '@bff/gateway-testing';

const product = {
  id: 'p-7',
  name: 'Lamp',
  description: 'A long text that phones do not show',
  price: 24.5,
  currency: 'EUR',
  category: 'home',
  imageUrl: 'https://img.example.com/p-7.jpg',
};

describe('mobile-bff: GET /api/v1/products/:id', () => {
  let products: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    products = await FakeUpstream.start((request) =>
      request.url === '/products/p-7' ? { body: product } : { status: 404, body: { message: 'product not found' } },
    );
    bff = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: products.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await products.close();
  });

  it('is public and answers the compact product', async () => {
    const response = await fetch(`${bff.url}/api/v1/products/p-7`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 'p-7',
      name: 'Lamp',
      price: 24.5,
      currency: 'EUR',
      imageUrl: 'https://img.example.com/p-7.jpg?w=640',
    });
    expect(products.requests.at(-1)?.headers['x-client']).toBe('mobile');
  });

  it('keeps the 404 of the products service as a problem', async () => {
    const response = await fetch(`${bff.url}/api/v1/products/p-999`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, detail: 'product not found' });
  });

  it('answers 502 problem+json while the products service is down', async () => {
    const down = await startBff('mobile-bff', { UPSTREAM_PRODUCTS: CLOSED_UPSTREAM });
    try {
      const response = await fetch(`${down.url}/api/v1/products/p-7`);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 502, detail: 'The products service is unavailable.' });
    } finally {
      await down.process.stop();
    }
  });
});
