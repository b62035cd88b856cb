export { AccessFacts, AccessLine, accessLine } from './lib/access-log';
export { GatewayLogger, GatewayLoggerOptions, REDACTED_PATHS } from './lib/gateway.logger';
export { LabelledCounter } from './lib/labelled-metrics';
export { GatewayMetrics } from './lib/metrics';
export { ObservabilityModule } from './lib/observability.module';
export { childOf, TraceParent, traceIdOf, traceParentOf } from './lib/trace-context';
export {
  AttemptTarget,
  GATEWAY_ATTRIBUTES,
  GatewayTracing,
  PartFacts,
  PartResult,
  RequestSpanFacts,
  TracingOptions,
} from './lib/tracing';
