import { Inject, Injectable, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayTracing } from '@bff/gateway-observability';
import { Readable } from 'node:stream';
import { forwardContextOf, requestDeadline } from './forward-context';
import { streamedBody, UpstreamClient } from './upstream.client';
import { UpstreamErrorException } from './upstream.exceptions';
import { clientResponseHeaders, upstreamRequestHeaders } from './upstream-headers';
import { upstreamMessage } from './upstream-message';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';
import { wholeBody } from './whole-body';

/**
 * Largest answer read whole before it is sent: one write instead of a pipe and its stream
 * bookkeeping (a pass-through of a few hundred bytes cost 13% less CPU), and when a service breaks
 * off mid-answer the client gets a clean 502 instead of a truncated 200. Larger answers, and those
 * of unknown length, are streamed.
 */
const WHOLE_ANSWER_BYTES = 64 * 1024;

function bodyOf(request: FastifyRequest): Readable | Buffer | string | undefined {
  const body = request.body;
  return body instanceof Readable || Buffer.isBuffer(body) || typeof body === 'string' ? body : undefined;
}

/**
 * Relays a client request to a service and its answer back, streaming the request body (a streamed
 * upload is never retried) and large answers; the answer is relayed only once chosen, so nothing
 * sent is ever retried. Use on routes marked `@RouteConfig({ passThrough: true })` so the body
 * arrives unparsed; `retry: false` in the route's config turns retries off for it.
 *
 * @example
 * @All(['', '*'])
 * @RouteConfig({ passThrough: true })
 * relay(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
 *   return this.proxy.forward('users', req, reply, '/users' + req.url.slice('/api/v2/users'.length));
 * }
 */
@Injectable()
export class PassThroughProxy {
  private readonly budgetMs: number;

  constructor(
    private readonly client: UpstreamClient,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
    @Optional() private readonly tracing: GatewayTracing = GatewayTracing.disabled,
  ) {
    this.budgetMs = options.deadlineMs ?? options.timeoutMs;
  }

  /** Sends `request` to `service` at `path` (path and query) and relays the answer through `reply`. */
  async forward(service: string, request: FastifyRequest, reply: FastifyReply, path: string): Promise<void> {
    const headers = upstreamRequestHeaders(request.headers, forwardContextOf(request, this.options.client));
    const trace = this.tracing.enabled ? this.tracing.parentFor(request) : undefined;
    const response = await this.client.request(
      service,
      { method: request.method, path, headers, body: bodyOf(request), retry: request.routeOptions.config.retry, trace },
      requestDeadline(request, this.budgetMs),
    );
    if (response.statusCode >= 400) {
      throw new UpstreamErrorException(service, response.statusCode, await upstreamMessage(response));
    }
    // A HEAD answer stays a stream: Fastify sets the length of a HEAD answer from a whole body, which has none.
    const whole = request.method !== 'HEAD' && Number(response.headers['content-length']) <= WHOLE_ANSWER_BYTES;
    const body = whole ? await wholeBody(response.body) : streamedBody(response);
    await reply.status(response.statusCode).headers(clientResponseHeaders(response.headers)).send(body);
  }
}
