import { sampleOrder, sampleProduct, sampleUser } from '@bff/gateway-testing';
import { applyFieldset, parseFieldset } from '@bff/mobile-util-view';
import { HOME_FIELDS, homeViewSchema, orderPageViewSchema, toCompactOrder, toHomeView } from './home.view';

const user = sampleUser();
const kettle = sampleProduct();
const order = sampleOrder({
  items: [
    { productId: 'p-1', quantity: 1, unitPrice: 39.9 },
    { productId: 'p-2', quantity: 2, unitPrice: 1 },
  ],
  total: 41.9,
});

describe('the mobile home contract', () => {
  const view = toHomeView({
    user,
    orders: [order],
    products: [kettle],
    stock: new Map([['p-1', { productId: 'p-1', available: 2, warehouse: 'AMS-1' }]]),
    degraded: [],
  });

  it('keeps only what a phone shows and matches its schema', () => {
    expect(homeViewSchema.parse(view)).toEqual(view);
    expect(view.user).toEqual({ id: 'u-1', name: 'Ada', tier: 'gold' });
    expect(view.orders).toEqual([{ id: 'o-1', status: 'paid', createdAt: '2024-02-01T00:00:00Z', total: 41.9, itemCount: 2 }]);
    expect(view.recommendations).toEqual([
      { id: 'p-1', name: 'Kettle', price: 39.9, currency: 'EUR', imageUrl: 'https://img.example.com/p-1.jpg?w=640', inStock: true },
    ]);
  });

  it('matches its schema when narrowed by a fieldset', () => {
    const narrowed = applyFieldset(view, parseFieldset('user.name,recommendations.name,recommendations.inStock', HOME_FIELDS));
    expect(homeViewSchema.parse(narrowed)).toEqual({
      user: { name: 'Ada' },
      recommendations: [{ name: 'Kettle', inStock: true }],
      meta: { degraded: [] },
    });
  });

  it('shapes an order page that matches its schema', () => {
    expect(orderPageViewSchema.safeParse({ items: [toCompactOrder(order)], nextCursor: null }).success).toBe(true);
  });
});
