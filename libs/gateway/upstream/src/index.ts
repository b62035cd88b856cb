export { EventsModule } from './lib/events.module';
export { EventsOptions, EventsPublisher } from './lib/events.publisher';
export { forwardContextOf, requestDeadline, upstreamTrailOf } from './lib/forward-context';
export { InventoryClient, InventoryClientOptions } from './lib/inventory.client';
export { InventoryModule } from './lib/inventory.module';
export { JsonCallOptions, JsonClient, JsonRequest, JsonResponse } from './lib/json.client';
export { noteUpstreamCacheControl, upstreamCacheControlOf } from './lib/upstream-cache-control';
export { PassThroughProxy } from './lib/pass-through.proxy';
export { InstanceOverview, ServiceOverview, ServicesOverview } from './lib/services.overview';
export { isRetryable, ServiceTraffic, UpstreamClient, UpstreamRequest } from './lib/upstream.client';
export {
  BulkheadFullException,
  CircuitOpenException,
  isUpstreamTransportError,
  UpstreamErrorException,
  UpstreamTimeoutException,
  UpstreamUnavailableException,
} from './lib/upstream.exceptions';
export { clientResponseHeaders, ForwardContext, gatewayHeaders, upstreamRequestHeaders } from './lib/upstream-headers';
export { upstreamMessage } from './lib/upstream-message';
export { UpstreamModule } from './lib/upstream.module';
export { RetryOptions, ServicePolicy, UpstreamOptions } from './lib/upstream.options';
