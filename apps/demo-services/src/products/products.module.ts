import { Module } from '@nestjs/common';
import { HttpServiceModule } from '../common/http-service.module';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';

/** The products HTTP service; several instances may run side by side. */
@Module({
  imports: [HttpServiceModule.forService('products')],
  controllers: [ProductsController],
  providers: [ProductsService],
})
export class ProductsModule {}
