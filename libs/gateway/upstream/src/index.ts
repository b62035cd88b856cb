export { PassThroughProxy } from './lib/pass-through.proxy';
export { isRetryable, UpstreamClient, UpstreamRequest } from './lib/upstream.client';
export { UpstreamErrorException, UpstreamTimeoutException, UpstreamUnavailableException } from './lib/upstream.exceptions';
export { ForwardContext, clientResponseHeaders, upstreamRequestHeaders } from './lib/upstream-headers';
export { UpstreamModule } from './lib/upstream.module';
export { UpstreamOptions } from './lib/upstream.options';
