export { GatewayMetrics } from './lib/metrics';
export { ObservabilityModule } from './lib/observability.module';
export { childTraceparent } from './lib/trace-context';
