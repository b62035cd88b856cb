/** Lifecycle state of an order. */
export type OrderStatus =
  'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled';

/** One line of an order; `unitPrice` is the product price when ordered. */
export interface OrderItem {
  productId: string;
  quantity: number;
  unitPrice: number;
}

/** An order served by the orders service; `total` is the sum of quantity × unitPrice. */
export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  createdAt: string;
  items: OrderItem[];
  total: number;
}

/** One requested line of `POST /orders`. */
export interface CreateOrderItem {
  productId: string;
  quantity: number;
}

/** Body of `POST /orders`. */
export interface CreateOrderRequest {
  userId: string;
  items: CreateOrderItem[];
}
