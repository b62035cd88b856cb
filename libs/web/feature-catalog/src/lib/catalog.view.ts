import { z } from 'zod';
import type { Product, Stock } from '@bff/contracts';

const degradedSchema = z.object({ part: z.string(), reason: z.enum(['unavailable', 'timeout', 'circuit_open', 'error']) });

/** A catalogue product with its availability (`null` when inventory is degraded or does not know it). */
export const catalogProductSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  price: z.number(),
  currency: z.string(),
  category: z.string(),
  imageUrl: z.string(),
  availability: z.strictObject({ available: z.number(), inStock: z.boolean() }).nullable(),
});

/** `GET /api/v1/products/:id`. */
export const productViewSchema = catalogProductSchema.extend({ meta: z.strictObject({ degraded: z.array(degradedSchema) }) });

/** `GET /api/v1/products`. */
export const productListViewSchema = z.strictObject({
  items: z.array(catalogProductSchema),
  total: z.number(),
  meta: z.strictObject({ degraded: z.array(degradedSchema) }),
});

/** A catalogue product with availability. */
export type CatalogProduct = z.infer<typeof catalogProductSchema>;
/** The answer of `GET /api/v1/products/:id`. */
export type ProductView = z.infer<typeof productViewSchema>;
/** The answer of `GET /api/v1/products`. */
export type ProductListView = z.infer<typeof productListViewSchema>;

/** A product with its stock level, if known. */
export function toCatalogProduct(product: Product, stock: Stock | undefined): CatalogProduct {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    price: product.price,
    currency: product.currency,
    category: product.category,
    imageUrl: product.imageUrl,
    availability: stock ? { available: stock.available, inStock: stock.available > 0 } : null,
  };
}
