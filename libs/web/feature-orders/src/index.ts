export { CreateOrderDto, CreateOrderItemDto } from './lib/create-order.dto';
export { WebFeatureOrdersModule } from './lib/web-feature-orders.module';
