import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller';

/** The web client's order placement. Needs the events module. */
@Module({ controllers: [OrdersController] })
export class WebFeatureOrdersModule {}
