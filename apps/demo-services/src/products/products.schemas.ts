import { z } from 'zod';
import { limitParam, offsetParam } from '../common/pagination';

/** Query of `GET /products`; without `limit`, an `ids` lookup returns every requested product. */
export const listProductsQuery = z.object({
  ids: z
    .string()
    .optional()
    .transform((ids) =>
      ids
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  category: z
    .string()
    .optional()
    .transform((category) => category || undefined),
  limit: z.coerce.number().int().min(1).optional(),
  offset: offsetParam,
});

/** Parsed query of `GET /products`. */
export type ListProductsQuery = z.output<typeof listProductsQuery>;

/** Query of `GET /recommendations`. */
export const recommendationsQuery = z.object({
  userId: z.string().min(1),
  limit: limitParam(5, 20),
});

/** Parsed query of `GET /recommendations`. */
export type RecommendationsQuery = z.output<typeof recommendationsQuery>;
