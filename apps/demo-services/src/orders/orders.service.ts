import { CreateOrderRequest, CursorPage, Order } from '@bff/contracts';
import {
  BadRequestException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { orderTotal } from '../data/order-total';
import { SEED_DATA } from '../data/seed';
import { ListOrdersQuery } from './orders.schemas';

/** In-memory order store, newest first. Events are the BFF's job: this service publishes none. */
@Injectable()
export class OrdersService {
  private readonly prices = new Map(
    SEED_DATA.products.map((p) => [p.id, p.price]),
  );
  private readonly orders: Order[] = structuredClone([
    ...SEED_DATA.orders,
  ]).reverse();
  private nextId = SEED_DATA.orders.length + 1;

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

  create(request: CreateOrderRequest): Order {
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
    return order;
  }

  private priceOf(productId: string): number {
    const price = this.prices.get(productId);
    if (price === undefined) {
      throw new BadRequestException(`unknown product ${productId}`);
    }
    return price;
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
