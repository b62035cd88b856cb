import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CursorPage, Order, User } from '@bff/contracts';
import { Roles } from '@bff/gateway-auth';
import { InjectServiceRegistry, ServiceRegistry } from '@bff/gateway-discovery';
import { JsonClient } from '@bff/gateway-upstream';
import { ListOrdersQuery } from './list-orders.query';

/** One upstream service as operators see it. */
export interface ServiceView {
  name: string;
  instances: { id: string; healthy: boolean }[];
}

/** An order with its user. */
export type OrderWithUser = Order & { user: Pick<User, 'id' | 'username' | 'name' | 'email'> };

/** Operator routes; every one needs role `admin`. */
@Roles('admin')
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    @InjectServiceRegistry() private readonly registry: ServiceRegistry,
    private readonly json: JsonClient,
  ) {}

  /** `GET /api/v1/admin/services`: every upstream service and the health of its instances. */
  @Get('services')
  services(): { services: ServiceView[] } {
    return {
      services: this.registry.services().map((name) => ({
        name,
        instances: this.registry.instances(name).map(({ id, healthy }) => ({ id, healthy })),
      })),
    };
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
