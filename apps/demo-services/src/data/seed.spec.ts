import { orderTotal } from './order-total';
import { createSeedData, DEMO_SEED, SEED_DATA } from './seed';

describe('seed data', () => {
  const { users, products, orders, stock, preferences } = SEED_DATA;

  it('is identical for the same seed and differs for another seed', () => {
    expect(createSeedData(DEMO_SEED)).toEqual(SEED_DATA);
    expect(createSeedData(7)).not.toEqual(SEED_DATA);
  });

  it('has 30 users, 40 products and 100 orders with sequential ids', () => {
    expect(users.map((user) => user.id)).toEqual(
      Array.from({ length: 30 }, (_, i) => `u-${i + 1}`),
    );
    expect(products.map((product) => product.id)).toEqual(
      Array.from({ length: 40 }, (_, i) => `p-${i + 1}`),
    );
    expect(orders.map((order) => order.id)).toEqual(
      Array.from({ length: 100 }, (_, i) => `o-${i + 1}`),
    );
  });

  it('has unique usernames and one preferences entry per user', () => {
    expect(new Set(users.map((user) => user.username)).size).toBe(30);
    expect(preferences.map((p) => p.userId)).toEqual(users.map((u) => u.id));
  });

  it('gives every user at least 2 orders and u-1 at least 5', () => {
    const counts = new Map<string, number>();
    for (const order of orders) {
      counts.set(order.userId, (counts.get(order.userId) ?? 0) + 1);
    }
    for (const user of users) {
      expect(counts.get(user.id)).toBeGreaterThanOrEqual(2);
    }
    expect(counts.get('u-1')).toBeGreaterThanOrEqual(5);
  });

  it('prices order items from the catalog and totals them', () => {
    const prices = new Map(products.map((p) => [p.id, p.price]));
    for (const order of orders) {
      expect(order.items.length).toBeGreaterThan(0);
      for (const item of order.items) {
        expect(item.unitPrice).toBe(prices.get(item.productId));
      }
      expect(order.total).toBe(orderTotal(order.items));
    }
  });

  it('creates orders in strictly increasing time', () => {
    const times = orders.map((order) => Date.parse(order.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('has stock for every product, some of it sold out', () => {
    expect(stock.map((s) => s.productId)).toEqual(products.map((p) => p.id));
    expect(stock.some((s) => s.available === 0)).toBe(true);
    expect(stock.some((s) => s.available > 0)).toBe(true);
  });
});
