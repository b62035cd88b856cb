import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CursorPage, Order, User } from '@bff/contracts';
import { Roles } from '@bff/gateway-auth';
import { JsonClient, ServiceOverview, ServicesOverview } from '@bff/gateway-upstream';
import { ListOrdersQuery } from './list-orders.query';

/** An order with its user. */
export type OrderWithUser = Order & { user: Pick<User, 'id' | 'username' | 'name' | 'email'> };

/** Operator routes; every one needs role `admin`. */
@Roles('admin')
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly overview: ServicesOverview,
    private readonly json: JsonClient,
  ) {}

  /**
   * `GET /api/v1/admin/services`: every upstream service live: its breaker state, load and counts,
   * and its instances with health, ejection, load and metadata.
   */
  @Get('services')
  services(): { services: ServiceOverview[] } {
    return { services: this.overview.services() };
  }

  /** `GET /api/v1/admin/orders`: the latest orders joined with their users. */
  @Get('orders')
  async orders(@Req() request: FastifyRequest, @Query() query: ListOrdersQuery): Promise<{ items: OrderWithUser[] }> {
    const page = await this.json.get<CursorPage<Order>>('orders', `/orders?limit=${query.limit}`, request);
    const userIds = [...new Set(page.items.map((order) => order.userId))];
    const users = new Map(
      await Promise.all(
        userIds.map(async (id) => [id, await this.json.get<User>('users', `/users/${encodeURIComponent(id)}`, request)] as const),
      ),
    );
    return {
      items: page.items.map((order) => {
        const { id, username, name, email } = users.get(order.userId) as User;
        return { ...order, user: { id, username, name, email } };
      }),
    };
  }
}
