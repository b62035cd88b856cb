import { DynamicModule, Module } from '@nestjs/common';
import { GatewayMetrics } from './metrics';
import { GatewayTracing, TracingOptions } from './tracing';

/**
 * Metrics and traces of one BFF process. Global: every lib can inject {@link GatewayMetrics} and
 * {@link GatewayTracing}. Without `tracing`, traces are off ({@link GatewayTracing.disabled}).
 *
 * @example
 * ObservabilityModule.forRoot({ client: 'web', tracing: { endpoint: 'http://jaeger:4318', serviceName: 'web-bff' } })
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: { client: string; tracing?: TracingOptions }): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      providers: [
        { provide: GatewayMetrics, useValue: new GatewayMetrics(options.client) },
        { provide: GatewayTracing, useFactory: () => GatewayTracing.create(options.client, options.tracing) },
      ],
      exports: [GatewayMetrics, GatewayTracing],
    };
  }
}
