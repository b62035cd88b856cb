import { CreateOrderRequest } from '@bff/contracts';
import { z } from 'zod';
import { limitParam } from '../common/pagination';

/** Body of `POST /orders`. */
export const createOrderSchema = z.object({
  userId: z.string().trim().min(1),
  items: z
    .array(
      z.object({
        productId: z.string().trim().min(1),
        quantity: z.number().int().positive(),
      }),
    )
    .min(1),
}) satisfies z.ZodType<CreateOrderRequest>;

/** Query of `GET /orders`. */
export const listOrdersQuery = z.object({
  userId: z.string().min(1).optional(),
  limit: limitParam(10, 50),
  cursor: z.string().min(1).optional(),
});

/** Parsed query of `GET /orders`. */
export type ListOrdersQuery = z.output<typeof listOrdersQuery>;
