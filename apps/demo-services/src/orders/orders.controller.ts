import { CreateOrderRequest, CursorPage, Order } from '@bff/contracts';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ZodPipe } from '../common/zod.pipe';
import {
  createOrderSchema,
  ListOrdersQuery,
  listOrdersQuery,
} from './orders.schemas';
import { OrdersService } from './orders.service';

/** Cursor-paginated orders and order creation. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  list(
    @Query(new ZodPipe(listOrdersQuery)) query: ListOrdersQuery,
  ): CursorPage<Order> {
    return this.orders.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string): Order {
    return this.orders.get(id);
  }

  @Post()
  create(
    @Body(new ZodPipe(createOrderSchema)) body: CreateOrderRequest,
  ): Order {
    return this.orders.create(body);
  }
}
