import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { INVENTORY_PROTO_FILE } from '@bff/contracts';
import type { BffConfig } from '@bff/gateway-config';
import { INVENTORY_CLIENT_OPTIONS, InventoryClient, InventoryClientOptions } from './inventory.client';

/**
 * Provides the {@link InventoryClient} of a BFF that shows stock. Needs the observability module.
 *
 * @example
 * InventoryModule.forBff(config, join(__dirname, 'proto'))
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

  /**
   * The inventory client as every BFF wires it from its config: its client kind, `UPSTREAM_INVENTORY`,
   * the upstream timeout and breaker knobs; `protoDir` is where the app ships the contracts' protos.
   */
  static forBff(config: BffConfig, protoDir: string): DynamicModule {
    return InventoryModule.forRoot({
      client: config.client,
      address: config.inventory,
      protoPath: join(protoDir, INVENTORY_PROTO_FILE),
      timeoutMs: config.upstreamTimeoutMs,
      breaker: config.breaker,
    });
  }
}
