import type { FastifyRequest } from 'fastify';
import type { RequestWithIdentity } from '@bff/gateway-auth';
import { childOf, TraceParent, traceIdOf, traceParentOf } from '@bff/gateway-observability';
import { DEADLINE_HEADER, deadlineOf } from '@bff/gateway-resilience';
import { ForwardContext } from './upstream-headers';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's time budget for all its upstream calls, in milliseconds (default: the BFF's). */
    deadlineMs?: number;
    /** `false`: this route's upstream requests are never retried, even idempotent ones. */
    retry?: false;
  }
}

const DEADLINE = Symbol('deadline');
const UPSTREAM = Symbol('upstream');

interface UpstreamTrail {
  /** The trace every upstream call of the request continues. */
  parent: TraceParent;
  calls: number;
}

/**
 * What the gateway tells upstreams about an incoming request, for one upstream call: counted for
 * the access log. All calls of a request share one trace (the caller's when its `traceparent` is
 * valid, else one the gateway starts), read from the request once.
 */
export function forwardContextOf(request: FastifyRequest, client: string): ForwardContext {
  const forwardedFor = request.headers['x-forwarded-for'];
  const holder = request as FastifyRequest & { [UPSTREAM]?: UpstreamTrail };
  let trail = holder[UPSTREAM];
  if (!trail) {
    trail = { parent: traceParentOf(request.headers['traceparent']), calls: 0 };
    holder[UPSTREAM] = trail;
  }
  trail.calls++;
  return {
    requestId: request.id,
    traceparent: childOf(trail.parent),
    client,
    peerAddress: request.socket.remoteAddress ?? '',
    forwardedFor: typeof forwardedFor === 'string' ? forwardedFor : undefined,
    host: request.headers.host,
    protocol: request.protocol,
    identity: (request as RequestWithIdentity).identity,
  };
}

/**
 * The deadline (`performance.now()` time) shared by every upstream call of an incoming request:
 * fixed at its first call from the route's `deadlineMs` (else `budgetMs`), lowered by the caller's
 * `x-request-deadline-ms` when that is smaller.
 */
export function requestDeadline(request: FastifyRequest, budgetMs: number): number {
  const holder = request as FastifyRequest & { [DEADLINE]?: number };
  let deadline = holder[DEADLINE];
  if (deadline === undefined) {
    deadline = deadlineOf(request.routeOptions.config.deadlineMs ?? budgetMs, request.headers[DEADLINE_HEADER]);
    holder[DEADLINE] = deadline;
  }
  return deadline;
}

/**
 * The upstream side of a request for its access log: how many upstream calls it made and the id of
 * their trace (of the incoming `traceparent` when the request made none, undefined without one).
 */
export function upstreamTrailOf(request: FastifyRequest): { calls: number; traceId: string | undefined } {
  const trail = (request as FastifyRequest & { [UPSTREAM]?: UpstreamTrail })[UPSTREAM];
  return trail ? { calls: trail.calls, traceId: trail.parent.traceId } : { calls: 0, traceId: traceIdOf(request.headers['traceparent']) };
}
