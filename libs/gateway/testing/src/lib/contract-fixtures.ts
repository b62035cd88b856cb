import type { Order, Product, User } from '@bff/contracts';

/**
 * A service's user as view-model specs start from: `u-1`, Ada, gold tier; `overrides` replace fields.
 *
 * @example
 * const view = toHomeView({ user: sampleUser(), orders: [sampleOrder()], products: [sampleProduct()], ... });
 */
export function sampleUser(overrides: Partial<User> = {}): User {
  return { id: 'u-1', username: 'ada', name: 'Ada', email: 'ada@example.com', tier: 'gold', createdAt: '2024-01-01T00:00:00Z', ...overrides };
}

/** A service's product as view-model specs start from: `p-1`, a kettle at 39.90 EUR with an image; `overrides` replace fields. */
export function sampleProduct(overrides: Partial<Product> = {}): Product {
  return {
    id: 'p-1',
    name: 'Kettle',
    description: 'Boils water',
    price: 39.9,
    currency: 'EUR',
    category: 'kitchen',
    imageUrl: 'https://img.example.com/p-1.jpg',
    ...overrides,
  };
}

/** A service's order as view-model specs start from: `o-1` of `u-1`, paid, one {@link sampleProduct}; `overrides` replace fields. */
export function sampleOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o-1',
    userId: 'u-1',
    status: 'paid',
    createdAt: '2024-02-01T00:00:00Z',
    items: [{ productId: 'p-1', quantity: 1, unitPrice: 39.9 }],
    total: 39.9,
    ...overrides,
  };
}
