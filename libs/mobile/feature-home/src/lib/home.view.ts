import { z } from 'zod';
import type { Order, Product, Stock, User } from '@bff/contracts';
import { FieldCatalogue, toCompactProduct } from '@bff/mobile-util-view';

const degradedSchema = z.object({ part: z.string(), reason: z.enum(['unavailable', 'timeout', 'circuit_open', 'error']) });

/** An order as a phone lists it. */
export const compactOrderSchema = z.strictObject({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  total: z.number(),
  itemCount: z.number(),
});

/** The mobile home screen; every section may be narrowed by `?fields=`. */
export const homeViewSchema = z.strictObject({
  user: z.strictObject({ id: z.string(), name: z.string(), tier: z.string() }).partial().optional(),
  orders: z.array(compactOrderSchema.partial()).optional(),
  recommendations: z
    .array(
      z
        .strictObject({
          id: z.string(),
          name: z.string(),
          price: z.number(),
          currency: z.string(),
          imageUrl: z.string(),
          inStock: z.boolean().nullable(),
        })
        .partial(),
    )
    .optional(),
  meta: z.strictObject({ degraded: z.array(degradedSchema) }),
});

/** `GET /api/v1/orders` on mobile. */
export const orderPageViewSchema = z.strictObject({ items: z.array(compactOrderSchema), nextCursor: z.string().nullable() });

/** An order as a phone lists it. */
export type CompactOrder = z.infer<typeof compactOrderSchema>;
/** The mobile home screen. */
export type HomeView = z.infer<typeof homeViewSchema>;
/** A page of the mobile order list. */
export type OrderPageView = z.infer<typeof orderPageViewSchema>;

/** What `?fields=` may name on the home screen. */
export const HOME_FIELDS: FieldCatalogue = {
  user: ['id', 'name', 'tier'],
  orders: ['id', 'status', 'createdAt', 'total', 'itemCount'],
  recommendations: ['id', 'name', 'price', 'currency', 'imageUrl', 'inStock'],
};

/** An order without its lines: a phone shows the count. */
export function toCompactOrder(order: Order): CompactOrder {
  return { id: order.id, status: order.status, createdAt: order.createdAt, total: order.total, itemCount: order.items.length };
}

/** The parts of the home screen as they were loaded (fallbacks included). */
export interface HomeParts {
  user: User;
  orders: Order[];
  products: Product[];
  stock: Map<string, Stock>;
  degraded: HomeView['meta']['degraded'];
}

/** Shapes the home screen: compact user, orders and recommended products (`inStock` null when unknown). */
export function toHomeView(parts: HomeParts): HomeView {
  return {
    user: { id: parts.user.id, name: parts.user.name, tier: parts.user.tier },
    orders: parts.orders.map(toCompactOrder),
    recommendations: parts.products.map((product) => {
      const level = parts.stock.get(product.id);
      return { ...toCompactProduct(product), inStock: level ? level.available > 0 : null };
    }),
    meta: { degraded: parts.degraded },
  };
}
