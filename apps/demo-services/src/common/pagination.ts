import { Page } from '@bff/contracts';
import { z } from 'zod';

/** `limit` query parameter: integer ≥ 1, `fallback` when absent, capped at `max`. */
export function limitParam(fallback: number, max: number) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .default(fallback)
    .transform((limit) => Math.min(limit, max));
}

/** `offset` query parameter: integer ≥ 0, default 0. */
export const offsetParam = z.coerce.number().int().min(0).default(0);

/** One offset page of `items`. */
export function paginate<T>(
  items: readonly T[],
  limit: number,
  offset: number,
): Page<T> {
  return { items: items.slice(offset, offset + limit), total: items.length };
}
