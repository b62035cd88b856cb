import { DynamicModule, Module } from '@nestjs/common';
import { BffConfig } from '@bff/gateway-config';
import { GatewayModule } from '@bff/gateway-edge';
import { MobileFeatureCatalogModule } from '@bff/mobile-feature-catalog';

@Module({})
export class AppModule {
  static forRoot(config: BffConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [GatewayModule.forRoot(config, { requiredServices: ['products'] }), MobileFeatureCatalogModule],
    };
  }
}
