import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { INVENTORY_PROTO_FILE } from '@bff/contracts';
import { AggregationModule } from '@bff/gateway-aggregation';
import { BffConfig } from '@bff/gateway-config';
import { GatewayModule } from '@bff/gateway-edge';
import { EventsModule, InventoryModule } from '@bff/gateway-upstream';
import { WebFeatureCatalogModule } from '@bff/web-feature-catalog';
import { WebFeatureDashboardModule } from '@bff/web-feature-dashboard';
import { WebFeatureOrdersModule } from '@bff/web-feature-orders';
import { WebFeatureSessionModule } from '@bff/web-feature-session';
import { WebFeatureUsersModule } from '@bff/web-feature-users';

// The proto ships next to the bundle (webpack assets).
const inventory = (config: BffConfig) =>
  InventoryModule.forRoot({
    client: config.client,
    address: config.inventory,
    protoPath: join(__dirname, 'proto', INVENTORY_PROTO_FILE),
    timeoutMs: config.upstreamTimeoutMs,
    breaker: config.breaker,
  });
const events = (config: BffConfig) => EventsModule.forRoot({ natsUrl: config.natsUrl, tcp: config.eventsTcp, breaker: config.breaker });

@Module({})
export class AppModule {
  static forRoot(config: BffConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayModule.forRoot(config, { requiredServices: ['users'], cookieSessions: true }),
        AggregationModule,
        inventory(config),
        events(config),
        WebFeatureSessionModule,
        WebFeatureUsersModule,
        WebFeatureDashboardModule,
        WebFeatureCatalogModule,
        WebFeatureOrdersModule,
      ],
    };
  }
}
