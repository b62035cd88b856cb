import type { FastifyRequest } from 'fastify';
import type { RequestWithIdentity } from '@bff/gateway-auth';
import { childTraceparent } from '@bff/gateway-observability';
import { DEADLINE_HEADER, deadlineOf } from '@bff/gateway-resilience';
import { ForwardContext } from './upstream-headers';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's time budget for all its upstream calls, in milliseconds (default: the BFF's). */
    deadlineMs?: number;
  }
}

const DEADLINE = Symbol('deadline');

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
