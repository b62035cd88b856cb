import { ORDER_CREATED, OrderCreatedEvent } from '@bff/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

/** Consumes `order.created` and logs one line per event. */
@Controller()
export class NotificationsController {
  @EventPattern(ORDER_CREATED)
  orderCreated(@Payload() event: OrderCreatedEvent): void {
    console.log(
      `notifications: ${ORDER_CREATED} ${event.orderId} user=${event.userId} items=${event.itemCount} total=${event.total}`,
    );
  }
}
