import { PageLimit } from '@bff/gateway-edge';

/** Query of `GET /api/v1/admin/orders`. */
export class ListOrdersQuery {
  /** How many of the latest orders, 1 to 50 (default 20). */
  @PageLimit(50, 20)
  limit = 20;
}
