import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { INVENTORY_PROTO_FILE } from '@bff/contracts';
import { AggregationModule } from '@bff/gateway-aggregation';
import { BffConfig } from '@bff/gateway-config';
import { GatewayModule } from '@bff/gateway-edge';
import { InventoryModule } from '@bff/gateway-upstream';
import { MobileFeatureCatalogModule } from '@bff/mobile-feature-catalog';
import { MobileFeatureHomeModule } from '@bff/mobile-feature-home';

// The proto ships next to the bundle (webpack assets).
const inventory = (config: BffConfig) =>
  InventoryModule.forRoot({
    client: config.client,
    address: config.inventory,
    protoPath: join(__dirname, 'proto', INVENTORY_PROTO_FILE),
    timeoutMs: config.upstreamTimeoutMs,
    breaker: config.breaker,
  });

@Module({})
export class AppModule {
  static forRoot(config: BffConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayModule.forRoot(config, { requiredServices: ['products'] }),
        AggregationModule,
        inventory(config),
        MobileFeatureCatalogModule,
        MobileFeatureHomeModule,
      ],
    };
  }
}
