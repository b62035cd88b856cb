/** Event pattern published by the orders service after an order is created. */
export const ORDER_CREATED = 'order.created';

/** Payload of the `order.created` event. */
export interface OrderCreatedEvent {
  orderId: string;
  userId: string;
  total: number;
  itemCount: number;
  createdAt: string;
}
