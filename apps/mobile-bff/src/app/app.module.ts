import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { AggregationModule } from '@bff/gateway-aggregation';
import { BffConfig } from '@bff/gateway-config';
import { GatewayModule } from '@bff/gateway-edge';
import { InventoryModule } from '@bff/gateway-upstream';
import { MobileFeatureCatalogModule } from '@bff/mobile-feature-catalog';
import { MobileFeatureHomeModule } from '@bff/mobile-feature-home';

@Module({})
export class AppModule {
  static forRoot(config: BffConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayModule.forRoot(config, { requiredServices: ['products'] }),
        AggregationModule,
        // The protos ship next to the bundle (webpack assets).
        InventoryModule.forBff(config, join(__dirname, 'proto')),
        MobileFeatureCatalogModule,
        MobileFeatureHomeModule,
      ],
    };
  }
}
