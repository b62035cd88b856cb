import type { CursorPage, Order, Page, Product, RecommendationList, User } from '@bff/contracts';
import { apiAnswer, stockBatch } from './api-upstream';

const bodyOf = <T>(pathAndQuery: string): T => JSON.parse(apiAnswer(pathAndQuery).body) as T;

describe('apiAnswer', () => {
  it('delays exactly the three calls the dashboard makes in parallel', () => {
    expect(apiAnswer('/users/u-1').delayed).toBe(true);
    expect(apiAnswer('/orders?userId=u-1&limit=5').delayed).toBe(true);
    expect(apiAnswer('/recommendations?userId=u-1&limit=5').delayed).toBe(true);
    expect(apiAnswer('/products?ids=p-1,p-2').delayed).toBe(false);
    expect(apiAnswer('/products/p-1').delayed).toBe(false);
  });

  it('answers the user asked for', () => {
    const answer = apiAnswer('/users/u-7');
    expect(answer.status).toBe(200);
    expect(bodyOf<User>('/users/u-7')).toMatchObject({ id: 'u-7', username: 'ada', tier: 'gold' });
  });

  it('answers the user’s orders up to the limit, with consistent totals', () => {
    const page = bodyOf<CursorPage<Order>>('/orders?userId=u-3&limit=3');
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
    for (const order of page.items) {
      expect(order.userId).toBe('u-3');
      expect(order.total).toBe(order.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0));
    }
  });

  it('recommends products that /products?ids= and inventory both know', () => {
    const ids = bodyOf<RecommendationList>('/recommendations?userId=u-1&limit=5').items.map((item) => item.productId);
    expect(ids).toHaveLength(5);
    const page = bodyOf<Page<Product>>(`/products?ids=${ids.join(',')}`);
    expect(page.items.map((product) => product.id)).toEqual(ids);
    expect(page.total).toBe(5);
    expect(stockBatch({ productIds: ids }).items.map((stock) => stock.productId)).toEqual(ids);
  });

  it('leaves unknown products out of lookups and answers 404 for an unknown one', () => {
    expect(bodyOf<Page<Product>>('/products?ids=p-1,p-99').items.map((product) => product.id)).toEqual(['p-1']);
    expect(stockBatch({ productIds: ['p-99'] }).items).toEqual([]);
    expect(apiAnswer('/products/p-99').status).toBe(404);
    expect(bodyOf<Product>('/products/p-2')).toMatchObject({ id: 'p-2', currency: 'EUR' });
  });

  it('answers 404 for any other path, and health', () => {
    expect(apiAnswer('/users').status).toBe(404);
    expect(apiAnswer('/users/u-1/preferences').status).toBe(404);
    expect(apiAnswer('/elsewhere').status).toBe(404);
    expect(apiAnswer('/health')).toEqual({ status: 200, body: '{"status":"ok","service":"bench-upstream"}', delayed: false });
  });
});
