import { DynamicModule, Module } from '@nestjs/common';
import { AdminFeatureCacheModule } from '@bff/admin-feature-cache';
import { AdminFeatureServicesModule } from '@bff/admin-feature-services';
import { AdminFeatureStatusModule } from '@bff/admin-feature-status';
import { BffConfig } from '@bff/gateway-config';
import { GatewayModule } from '@bff/gateway-edge';

@Module({})
export class AppModule {
  static forRoot(config: BffConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayModule.forRoot(config, { requiredServices: ['users', 'orders'] }),
        AdminFeatureServicesModule,
        AdminFeatureCacheModule,
        AdminFeatureStatusModule,
      ],
    };
  }
}
