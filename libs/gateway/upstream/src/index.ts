export { forwardContextOf } from './lib/forward-context';
export { JsonClient } from './lib/json.client';
export { noteUpstreamCacheControl, upstreamCacheControlOf } from './lib/upstream-cache-control';
export { PassThroughProxy } from './lib/pass-through.proxy';
export { isRetryable, UpstreamClient, UpstreamRequest } from './lib/upstream.client';
export {
  isUpstreamTransportError,
  UpstreamErrorException,
  UpstreamTimeoutException,
  UpstreamUnavailableException,
} from './lib/upstream.exceptions';
export { clientResponseHeaders, ForwardContext, gatewayHeaders, upstreamRequestHeaders } from './lib/upstream-headers';
export { upstreamMessage } from './lib/upstream-message';
export { UpstreamModule } from './lib/upstream.module';
export { UpstreamOptions } from './lib/upstream.options';
