import type { Recommendation } from '@bff/contracts';
import { sampleOrder, sampleProduct, sampleUser } from '@bff/gateway-testing';
import { dashboardViewSchema, toDashboardView } from './dashboard.view';

const user = sampleUser();
const kettle = sampleProduct();
const order = sampleOrder();
const recommendations: Recommendation[] = [
  { productId: 'p-1', score: 0.9 },
  { productId: 'p-unknown', score: 0.5 },
];

describe('toDashboardView (the web dashboard contract)', () => {
  it('joins orders with their products and recommendations with stock, and matches its schema', () => {
    const view = toDashboardView({
      user,
      orders: [order],
      recommendations,
      products: new Map([['p-1', kettle]]),
      stock: new Map([['p-1', { productId: 'p-1', available: 0, warehouse: 'AMS-1' }]]),
      degraded: [],
      roles: ['user'],
    });
    expect(dashboardViewSchema.parse(view)).toEqual(view);
    expect(view.orders[0].items[0].product).toMatchObject({ id: 'p-1', name: 'Kettle' });
    expect(view.recommendations).toEqual([
      { score: 0.9, product: expect.objectContaining({ id: 'p-1' }), stock: { available: 0, inStock: false } },
    ]);
  });

  it('matches its schema with every optional part fallen back', () => {
    const view = toDashboardView({
      user,
      orders: [order],
      recommendations: [],
      products: new Map(),
      stock: new Map(),
      degraded: [{ part: 'products', reason: 'unavailable' }],
      roles: ['user'],
    });
    expect(dashboardViewSchema.safeParse(view).success).toBe(true);
    expect(view.orders[0].items[0].product).toBeNull();
  });

  it('shows the email and internal id to admins only', () => {
    const parts = { user, orders: [], recommendations: [], products: new Map(), stock: new Map(), degraded: [] };
    const asUser = toDashboardView({ ...parts, roles: ['user'] });
    const asAdmin = toDashboardView({ ...parts, roles: ['user', 'admin'] });
    expect(asUser.user).toEqual({ username: 'ada', name: 'Ada', tier: 'gold' });
    expect(asAdmin.user).toEqual({ id: 'u-1', username: 'ada', name: 'Ada', email: 'ada@example.com', tier: 'gold' });
    expect(dashboardViewSchema.safeParse(asUser).success).toBe(true);
    expect(dashboardViewSchema.safeParse(asAdmin).success).toBe(true);
  });

  it('leaves no service-only field in the answer', () => {
    const view = toDashboardView({ user, orders: [], recommendations: [], products: new Map(), stock: new Map(), degraded: [], roles: ['admin'] });
    expect(Object.keys(view.user)).not.toContain('createdAt');
    expect(dashboardViewSchema.safeParse({ ...view, user: { ...view.user, createdAt: 'x' } }).success).toBe(false);
  });
});
