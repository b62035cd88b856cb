import {
  INVENTORY_SERVICE,
  Stock,
  StockBatch,
  StockBatchRequest,
  StockRequest,
} from '@bff/contracts';
import { status } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { SEED_DATA } from '../data/seed';

/** gRPC `inventory.InventoryService` over the seeded stock levels. */
@Controller()
export class InventoryController {
  private readonly stock = new Map(
    SEED_DATA.stock.map((stock) => [stock.productId, stock]),
  );

  @GrpcMethod(INVENTORY_SERVICE, 'GetStock')
  getStock({ productId }: StockRequest): Stock {
    const stock = this.stock.get(productId);
    if (!stock) {
      throw new RpcException({
        code: status.NOT_FOUND,
        message: `product ${productId} not found`,
      });
    }
    return stock;
  }

  @GrpcMethod(INVENTORY_SERVICE, 'GetStockBatch')
  getStockBatch({ productIds }: StockBatchRequest): StockBatch {
    return { items: productIds.flatMap((id) => this.stock.get(id) ?? []) };
  }
}
