import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { AggregationModule } from '@bff/gateway-aggregation';
import { BffConfig } from '@bff/gateway-config';
import { GatewayModule } from '@bff/gateway-edge';
import { EventsModule, InventoryModule } from '@bff/gateway-upstream';
import { WebFeatureCatalogModule } from '@bff/web-feature-catalog';
import { WebFeatureDashboardModule } from '@bff/web-feature-dashboard';
import { WebFeatureOrdersModule } from '@bff/web-feature-orders';
import { WebFeatureSessionModule } from '@bff/web-feature-session';
import { WebFeatureUsersModule } from '@bff/web-feature-users';

@Module({})
export class AppModule {
  static forRoot(config: BffConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayModule.forRoot(config, { requiredServices: ['users'], cookieSessions: true }),
        AggregationModule,
        // The protos ship next to the bundle (webpack assets).
        InventoryModule.forBff(config, join(__dirname, 'proto')),
        EventsModule.forBff(config),
        WebFeatureSessionModule,
        WebFeatureUsersModule,
        WebFeatureDashboardModule,
        WebFeatureCatalogModule,
        WebFeatureOrdersModule,
      ],
    };
  }
}
