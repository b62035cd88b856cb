import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { CursorPage, Order } from '@bff/contracts';
import { RequestWithIdentity } from '@bff/gateway-auth';
import { openApiSchemaOf } from '@bff/gateway-edge';
import { JsonClient, UpstreamErrorException } from '@bff/gateway-upstream';
import { OrderPageView, orderPageViewSchema, toCompactOrder } from './home.view';
import { ListOrdersQuery } from './list-orders.query';

/** `GET /api/v1/orders?cursor=&limit=`: the signed-in user's orders, newest first, a page at a time. */
@ApiTags('orders')
@Controller('api/v1/orders')
export class OrdersController {
  constructor(private readonly json: JsonClient) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchemaOf(orderPageViewSchema) })
  async list(@Query() query: ListOrdersQuery, @Req() request: FastifyRequest): Promise<OrderPageView> {
    const search = new URLSearchParams({ userId: (request as RequestWithIdentity).identity?.sub ?? '', limit: String(query.limit) });
    if (query.cursor) search.set('cursor', query.cursor);
    try {
      const page = await this.json.get<CursorPage<Order>>('orders', `/orders?${search}`, request);
      return { items: page.items.map(toCompactOrder), nextCursor: page.nextCursor };
    } catch (error) {
      // The orders service refuses a cursor it did not issue for this user's list.
      if (error instanceof UpstreamErrorException && error.upstreamStatus === 400 && query.cursor) {
        throw new BadRequestException({ detail: 'The cursor is not valid.', errors: [{ field: 'cursor', messages: ['cursor is not valid'] }] });
      }
      throw error;
    }
  }
}
