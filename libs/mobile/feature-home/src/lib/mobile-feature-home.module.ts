import { Module } from '@nestjs/common';
import { HomeController } from './home.controller';
import { OrdersController } from './orders.controller';

/** The phone's home screen and order list. Needs the aggregation and inventory modules. */
@Module({ controllers: [HomeController, OrdersController] })
export class MobileFeatureHomeModule {}
