import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { HttpServiceModule } from '../common/http-service.module';
import {
  EVENTS_CLIENT,
  EventsTransport,
  eventsTransportOptions,
} from '../messaging/events-transport';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** The orders HTTP service, publishing events over the given transport. */
@Module({})
export class OrdersModule {
  static register(events: EventsTransport): DynamicModule {
    return {
      module: OrdersModule,
      imports: [
        HttpServiceModule.forService('orders'),
        ClientsModule.register([
          { name: EVENTS_CLIENT, ...eventsTransportOptions(events) },
        ]),
      ],
      controllers: [OrdersController],
      providers: [OrdersService],
    };
  }
}
