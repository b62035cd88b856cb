import type { FastifyRequest } from 'fastify';
import type { RequestWithIdentity } from '@bff/gateway-auth';
import { childTraceparent } from '@bff/gateway-observability';
import { ForwardContext } from './upstream-headers';

/** What the gateway tells upstreams about an incoming request. */
export function forwardContextOf(request: FastifyRequest, client: string): ForwardContext {
  const forwardedFor = request.headers['x-forwarded-for'];
  return {
    requestId: request.id,
    traceparent: childTraceparent(request.headers['traceparent']),
    client,
    peerAddress: request.socket.remoteAddress ?? '',
    forwardedFor: typeof forwardedFor === 'string' ? forwardedFor : undefined,
    host: request.headers.host,
    protocol: request.protocol,
    identity: (request as RequestWithIdentity).identity,
  };
}
