import { DynamicModule, Module } from '@nestjs/common';
import { BffConfig } from '@bff/gateway-config';
import { GatewayModule } from '@bff/gateway-edge';
import { WebFeatureSessionModule } from '@bff/web-feature-session';
import { WebFeatureUsersModule } from '@bff/web-feature-users';

@Module({})
export class AppModule {
  static forRoot(config: BffConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayModule.forRoot(config, { requiredServices: ['users'], cookieSessions: true }),
        WebFeatureSessionModule,
        WebFeatureUsersModule,
      ],
    };
  }
}
