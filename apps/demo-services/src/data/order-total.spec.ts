import { orderTotal } from './order-total';

describe('orderTotal', () => {
  it('sums quantity × unit price without floating-point drift', () => {
    expect(
      orderTotal([
        { productId: 'p-1', quantity: 3, unitPrice: 0.1 },
        { productId: 'p-2', quantity: 1, unitPrice: 0.2 },
      ]),
    ).toBe(0.5);
  });
});
