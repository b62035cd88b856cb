import { OrderItem } from '@bff/contracts';

/** Sum of quantity × unitPrice, computed in cents to avoid floating-point drift. */
export function orderTotal(items: readonly OrderItem[]): number {
  const cents = items.reduce(
    (sum, item) => sum + Math.round(item.unitPrice * 100) * item.quantity,
    0,
  );
  return cents / 100;
}
