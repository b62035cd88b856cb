import {
  CreateOrderRequest,
  CursorPage,
  Order,
  ORDER_CREATED,
  OrderCreatedEvent,
} from '@bff/contracts';
import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { orderTotal } from '../data/order-total';
import { SEED_DATA } from '../data/seed';
import { EVENTS_CLIENT } from '../messaging/events-transport';
import { ListOrdersQuery } from './orders.schemas';

/** In-memory order store, newest first, publishing `order.created` on every new order. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  private readonly prices = new Map(
    SEED_DATA.products.map((p) => [p.id, p.price]),
  );
  private readonly orders: Order[] = structuredClone([
    ...SEED_DATA.orders,
  ]).reverse();
  private nextId = SEED_DATA.orders.length + 1;

  constructor(@Inject(EVENTS_CLIENT) private readonly events: ClientProxy) {}

  list(query: ListOrdersQuery): CursorPage<Order> {
    const matches = query.userId
      ? this.orders.filter((order) => order.userId === query.userId)
      : this.orders;
    const start =
      query.cursor === undefined ? 0 : indexAfter(matches, query.cursor);
    const items = matches.slice(start, start + query.limit);
    const hasMore = start + items.length < matches.length;
    return {
      items,
      nextCursor: hasMore ? encodeCursor(items[items.length - 1].id) : null,
    };
  }

  get(id: string): Order {
    const order = this.orders.find((candidate) => candidate.id === id);
    if (!order) {
      throw new NotFoundException('order not found');
    }
    return order;
  }

  async create(request: CreateOrderRequest): Promise<Order> {
    const items = request.items.map((item) => ({
      ...item,
      unitPrice: this.priceOf(item.productId),
    }));
    const order: Order = {
      id: `o-${this.nextId++}`,
      userId: request.userId,
      status: 'pending',
      createdAt: new Date().toISOString(),
      items,
      total: orderTotal(items),
    };
    this.orders.unshift(order);
    await this.publish(order);
    return order;
  }

  private priceOf(productId: string): number {
    const price = this.prices.get(productId);
    if (price === undefined) {
      throw new BadRequestException(`unknown product ${productId}`);
    }
    return price;
  }

  /** Publishing is best effort: the order exists even when the broker is unreachable. */
  private async publish(order: Order): Promise<void> {
    const event: OrderCreatedEvent = {
      orderId: order.id,
      userId: order.userId,
      total: order.total,
      itemCount: order.items.length,
      createdAt: order.createdAt,
    };
    try {
      await lastValueFrom(this.events.emit(ORDER_CREATED, event), {
        defaultValue: undefined,
      });
    } catch (error) {
      this.logger.warn(
        `could not publish ${ORDER_CREATED} for ${order.id}: ${String(error)}`,
      );
    }
  }
}

function encodeCursor(orderId: string): string {
  return Buffer.from(orderId).toString('base64url');
}

function indexAfter(orders: readonly Order[], cursor: string): number {
  const orderId = Buffer.from(cursor, 'base64url').toString();
  const index = orders.findIndex((order) => order.id === orderId);
  if (index < 0) {
    throw new BadRequestException('invalid cursor');
  }
  return index + 1;
}
