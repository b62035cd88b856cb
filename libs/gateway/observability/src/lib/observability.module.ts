import { DynamicModule, Module } from '@nestjs/common';
import { GatewayMetrics } from './metrics';

/**
 * Metrics (and later traces) of one BFF process. Global: every lib can inject {@link GatewayMetrics}.
 *
 * @example
 * ObservabilityModule.forRoot({ client: 'web' })
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: { client: string }): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      providers: [{ provide: GatewayMetrics, useValue: new GatewayMetrics(options.client) }],
      exports: [GatewayMetrics],
    };
  }
}
