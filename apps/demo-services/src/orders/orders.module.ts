import { Module } from '@nestjs/common';
import { HttpServiceModule } from '../common/http-service.module';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** The orders HTTP service. */
@Module({
  imports: [HttpServiceModule.forService('orders')],
  controllers: [OrdersController],
  providers: [OrdersService],
})
export class OrdersModule {}
