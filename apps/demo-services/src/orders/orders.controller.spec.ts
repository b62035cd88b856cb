import { Order } from '@bff/contracts';
import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SEED_DATA } from '../data/seed';
import { OrdersModule } from './orders.module';

describe('orders service', () => {
  let app: NestFastifyApplication;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [OrdersModule],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(
      new FastifyAdapter(),
      {
        logger: false,
      },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterEach(() => app.close());

  async function get(url: string) {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  }

  async function collectIds(query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor
        ? `&cursor=${encodeURIComponent(cursor)}`
        : '';
      const { status, body } = await get(`/orders?${query}${suffix}`);
      expect(status).toBe(200);
      ids.push(...body.items.map((order: Order) => order.id));
      cursor = body.nextCursor;
    } while (cursor);
    return ids;
  }

  it('reports health', async () => {
    expect(await get('/health')).toEqual({
      status: 200,
      body: { status: 'ok', service: 'orders' },
    });
  });

  it('lists the 10 newest orders by default', async () => {
    const { body } = await get('/orders');
    expect(body.items.map((order: Order) => order.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `o-${100 - i}`),
    );
    expect(typeof body.nextCursor).toBe('string');
  });

  it('visits every order of a user exactly once, newest first', async () => {
    const expected = SEED_DATA.orders
      .filter((order) => order.userId === 'u-1')
      .map((order) => order.id)
      .reverse();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(await collectIds('userId=u-1&limit=2')).toEqual(expected);
  });

  it('visits all orders with the maximum page size', async () => {
    const ids = await collectIds('limit=500');
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
  });

  it('rejects an unknown cursor', async () => {
    const { status, body } = await get('/orders?cursor=bm9wZQ');
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'invalid cursor' });
  });

  it('returns an order by id and 404 for an unknown id', async () => {
    expect((await get('/orders/o-1')).body).toEqual(SEED_DATA.orders[0]);
    expect(await get('/orders/o-999')).toEqual({
      status: 404,
      body: { message: 'order not found' },
    });
  });

  it('creates an order priced from the catalog', async () => {
    const [p1, p2] = SEED_DATA.products;
    const response = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: {
        userId: 'u-1',
        items: [
          { productId: p1.id, quantity: 3 },
          { productId: p2.id, quantity: 1 },
        ],
      },
    });

    expect(response.statusCode).toBe(201);
    const order: Order = response.json();
    expect(order).toMatchObject({
      id: 'o-101',
      userId: 'u-1',
      status: 'pending',
      items: [
        { productId: p1.id, quantity: 3, unitPrice: p1.price },
        { productId: p2.id, quantity: 1, unitPrice: p2.price },
      ],
    });
    expect(order.total).toBeCloseTo(3 * p1.price + p2.price, 2);
    expect((await get('/orders?userId=u-1&limit=1')).body.items[0].id).toBe(
      'o-101',
    );
  });

  it.each([
    [{ userId: 'u-1', items: [] }, 'items'],
    [
      { userId: 'u-1', items: [{ productId: 'p-1', quantity: 0 }] },
      'items.0.quantity',
    ],
    [{ items: [{ productId: 'p-1', quantity: 1 }] }, 'userId'],
    [
      { userId: 'u-1', items: [{ productId: 'p-999', quantity: 1 }] },
      'unknown product p-999',
    ],
  ])('rejects invalid body %j', async (payload, message) => {
    const response = await app.inject({
      method: 'POST',
      url: '/orders',
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(message);
  });
});
