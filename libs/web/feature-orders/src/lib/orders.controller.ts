import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CreateOrderRequest, Order, ORDER_CREATED, OrderCreatedEvent } from '@bff/contracts';
import { RequestWithIdentity } from '@bff/gateway-auth';
import { EventsPublisher, JsonClient } from '@bff/gateway-upstream';
import { CreateOrderDto } from './create-order.dto';

/** `POST /api/v1/orders`: places an order for the signed-in user. */
@ApiTags('orders')
@Controller('api/v1/orders')
export class OrdersController {
  constructor(
    private readonly json: JsonClient,
    private readonly events: EventsPublisher,
  ) {}

  /** Creates the order through the orders service, answers it (201), then publishes `order.created`. */
  @Post()
  @ApiCreatedResponse({ description: 'The order, as the orders service created it.' })
  @HttpCode(201)
  async create(@Body() body: CreateOrderDto, @Req() request: FastifyRequest): Promise<Order> {
    const userId = (request as RequestWithIdentity).identity?.sub ?? '';
    const payload: CreateOrderRequest = {
      userId,
      items: body.items.map(({ productId, quantity }) => ({ productId, quantity })),
    };
    const order = await this.json.post<Order>('orders', '/orders', payload, request);
    const event: OrderCreatedEvent = {
      orderId: order.id,
      userId: order.userId,
      total: order.total,
      itemCount: order.items.length,
      createdAt: order.createdAt,
    };
    void this.events.publish(ORDER_CREATED, event, request);
    return order;
  }
}
