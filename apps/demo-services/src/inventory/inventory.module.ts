import { INVENTORY_LOADER_OPTIONS, INVENTORY_PACKAGE } from '@bff/contracts';
import { Module } from '@nestjs/common';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import { InventoryController } from './inventory.controller';

/** The inventory gRPC service. */
@Module({ controllers: [InventoryController] })
export class InventoryModule {}

/** gRPC server options for {@link InventoryModule} listening on `url` (host:port). */
export function inventoryGrpcOptions(
  url: string,
  protoPath: string,
): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      protoPath,
      package: INVENTORY_PACKAGE,
      loader: INVENTORY_LOADER_OPTIONS,
    },
  };
}
