import { DynamicModule, Module } from '@nestjs/common';
import { INVENTORY_CLIENT_OPTIONS, InventoryClient, InventoryClientOptions } from './inventory.client';

/**
 * Provides the {@link InventoryClient} of a BFF that shows stock. Needs the observability module.
 *
 * @example
 * InventoryModule.forRoot({ client: 'web', address: config.inventory, protoPath: join(__dirname, 'proto', INVENTORY_PROTO_FILE), timeoutMs: 3000 })
 */
@Module({})
export class InventoryModule {
  static forRoot(options: InventoryClientOptions): DynamicModule {
    return {
      module: InventoryModule,
      global: true,
      providers: [{ provide: INVENTORY_CLIENT_OPTIONS, useValue: options }, InventoryClient],
      exports: [InventoryClient],
    };
  }
}
