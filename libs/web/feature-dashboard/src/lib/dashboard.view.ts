import { z } from 'zod';
import type { Order, Product, Recommendation, Stock, User } from '@bff/contracts';
import { RoleProjection } from '@bff/gateway-interceptors';

const degradedSchema = z.object({ part: z.string(), reason: z.enum(['unavailable', 'timeout', 'circuit_open', 'error']) });

const productSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  price: z.number(),
  currency: z.string(),
  imageUrl: z.string(),
});

/** The web dashboard's answer: the source of its type, its response contract and its OpenAPI schema. */
export const dashboardViewSchema = z.strictObject({
  /** `id` and `email` are shown to admins only ({@link DASHBOARD_USER_PROJECTION}). */
  user: z.strictObject({
    id: z.string().optional(),
    username: z.string(),
    name: z.string(),
    email: z.string().optional(),
    tier: z.string(),
  }),
  orders: z.array(
    z.strictObject({
      id: z.string(),
      status: z.string(),
      createdAt: z.string(),
      total: z.number(),
      items: z.array(
        z.strictObject({
          productId: z.string(),
          quantity: z.number(),
          unitPrice: z.number(),
          /** `null` when the products part is degraded. */
          product: productSummarySchema.nullable(),
        }),
      ),
    }),
  ),
  recommendations: z.array(
    z.strictObject({
      score: z.number(),
      product: productSummarySchema,
      /** `null` when inventory is degraded or does not know the product. */
      stock: z.strictObject({ available: z.number(), inStock: z.boolean() }).nullable(),
    }),
  ),
  meta: z.strictObject({ degraded: z.array(degradedSchema) }),
});

/** The web dashboard's answer. */
export type DashboardView = z.infer<typeof dashboardViewSchema>;

/** Who sees which user field on the dashboard: internal id and email are for admins. */
export const DASHBOARD_USER_PROJECTION = new RoleProjection<Required<DashboardView['user']>>({ id: ['admin'], email: ['admin'] });
type ProductSummary = z.infer<typeof productSummarySchema>;

function summaryOf(product: Product): ProductSummary {
  return { id: product.id, name: product.name, price: product.price, currency: product.currency, imageUrl: product.imageUrl };
}

/** What the dashboard is made of, as the parts delivered it (fallbacks included). */
export interface DashboardParts {
  user: User;
  orders: Order[];
  recommendations: Recommendation[];
  products: Map<string, Product>;
  stock: Map<string, Stock>;
  degraded: DashboardView['meta']['degraded'];
  /** Roles of the viewer, for {@link DASHBOARD_USER_PROJECTION}. */
  roles: readonly string[];
}

/** Shapes the parts into the dashboard; recommendations whose product is unknown are left out. */
export function toDashboardView(parts: DashboardParts): DashboardView {
  const { user, orders, recommendations, products, stock } = parts;
  return {
    user: DASHBOARD_USER_PROJECTION.apply(
      { id: user.id, username: user.username, name: user.name, email: user.email, tier: user.tier },
      parts.roles,
    ) as DashboardView['user'],
    orders: orders.map((order) => ({
      id: order.id,
      status: order.status,
      createdAt: order.createdAt,
      total: order.total,
      items: order.items.map((item) => {
        const product = products.get(item.productId);
        return { productId: item.productId, quantity: item.quantity, unitPrice: item.unitPrice, product: product ? summaryOf(product) : null };
      }),
    })),
    recommendations: recommendations.flatMap((recommendation) => {
      const product = products.get(recommendation.productId);
      if (!product) return [];
      const level = stock.get(recommendation.productId);
      return [
        {
          score: recommendation.score,
          product: summaryOf(product),
          stock: level ? { available: level.available, inStock: level.available > 0 } : null,
        },
      ];
    }),
    meta: { degraded: parts.degraded },
  };
}
