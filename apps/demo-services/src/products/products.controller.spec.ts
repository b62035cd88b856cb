import { Product, Recommendation } from '@bff/contracts';
import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SEED_DATA } from '../data/seed';
import { addInstanceHeader } from './instance-header';
import { ProductsModule } from './products.module';

describe('products service', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ProductsModule],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(
      new FastifyAdapter(),
      {
        logger: false,
      },
    );
    addInstanceHeader(app, 'products-4003');
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  async function get(url: string) {
    const response = await app.inject({ method: 'GET', url });
    return {
      status: response.statusCode,
      body: response.json(),
      headers: response.headers,
    };
  }

  const ids = (items: Product[]) => items.map((product) => product.id);

  it('reports health', async () => {
    expect((await get('/health')).body).toEqual({
      status: 'ok',
      service: 'products',
    });
  });

  it('tags every response with the instance, including 404s', async () => {
    expect((await get('/products/p-1')).headers['x-instance']).toBe(
      'products-4003',
    );
    const missing = await get('/products/p-999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'product not found' });
    expect(missing.headers['x-instance']).toBe('products-4003');
    expect((await get('/unknown')).headers['x-instance']).toBe('products-4003');
  });

  it('returns a product by id', async () => {
    expect((await get('/products/p-1')).body).toMatchObject({
      id: 'p-1',
      currency: 'EUR',
      imageUrl: 'https://img.example.com/p-1.jpg',
    });
  });

  it('pages through the catalog', async () => {
    const { body } = await get('/products?limit=3&offset=2');
    expect(body.total).toBe(40);
    expect(ids(body.items)).toEqual(['p-3', 'p-4', 'p-5']);
  });

  it('looks up ids in request order, skipping unknown ones, without a default page cap', async () => {
    const requested = Array.from({ length: 25 }, (_, i) => `p-${25 - i}`);
    const { body } = await get(
      `/products?ids=${[...requested, 'p-999'].join(',')}`,
    );
    expect(ids(body.items)).toEqual(requested);
    expect(body.total).toBe(25);
  });

  it('filters by category', async () => {
    const category = SEED_DATA.products[0].category;
    const { body } = await get(`/products?category=${category}&limit=100`);
    expect(body.total).toBe(
      SEED_DATA.products.filter((p) => p.category === category).length,
    );
    expect(
      body.items.every((product: Product) => product.category === category),
    ).toBe(true);
  });

  it('recommends distinct products deterministically per user', async () => {
    const first = (await get('/recommendations?userId=u-1&limit=5')).body.items;
    const again = (await get('/recommendations?userId=u-1&limit=5')).body.items;
    const other = (await get('/recommendations?userId=u-2&limit=5')).body.items;

    expect(first).toHaveLength(5);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first.map((r: Recommendation) => r.productId)).size).toBe(5);
    const scores = first.map((r: Recommendation) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('requires a userId for recommendations', async () => {
    const { status, body } = await get('/recommendations');
    expect(status).toBe(400);
    expect(body.message).toContain('userId');
  });
});
