import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Dispatcher } from 'undici';
import type { RequestWithIdentity } from '@bff/gateway-auth';
import { childTraceparent } from '@bff/gateway-observability';
import { UpstreamClient } from './upstream.client';
import { UpstreamErrorException } from './upstream.exceptions';
import { clientResponseHeaders, upstreamRequestHeaders } from './upstream-headers';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';

const MAX_ERROR_BODY = 4096;
const SHORT_LINE = /^[^\r\n\x00-\x1f]{1,200}$/;

async function upstreamMessage(response: Dispatcher.ResponseData): Promise<string | undefined> {
  let text = '';
  for await (const chunk of response.body) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length >= MAX_ERROR_BODY) {
      response.body.destroy();
      return undefined;
    }
  }
  let message: unknown = text.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    message = typeof parsed === 'object' && parsed !== null ? ((parsed as Record<string, unknown>)['message'] ?? (parsed as Record<string, unknown>)['detail']) : undefined;
  } catch {
    // a plain-text body: its text is the message
  }
  return typeof message === 'string' && SHORT_LINE.test(message) ? message : undefined;
}

function bodyOf(request: FastifyRequest): Readable | Buffer | string | undefined {
  const body = request.body;
  return body instanceof Readable || Buffer.isBuffer(body) || typeof body === 'string' ? body : undefined;
}

/**
 * Relays a client request to a service and its answer back, streaming both bodies. Use on routes
 * marked `@RouteConfig({ passThrough: true })` so the body arrives unparsed.
 *
 * @example
 * @All('api/v2/users/*')
 * @RouteConfig({ passThrough: true })
 * relay(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
 *   return this.proxy.forward('users', req, reply, '/users' + req.url.slice('/api/v2/users'.length));
 * }
 */
@Injectable()
export class PassThroughProxy {
  constructor(
    private readonly client: UpstreamClient,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
  ) {}

  /** Sends `request` to `service` at `path` (path and query) and relays the answer through `reply`. */
  async forward(service: string, request: FastifyRequest, reply: FastifyReply, path: string): Promise<void> {
    const forwardedFor = request.headers['x-forwarded-for'];
    const headers = upstreamRequestHeaders(request.headers, {
      requestId: request.id,
      traceparent: childTraceparent(request.headers['traceparent']),
      client: this.options.client,
      peerAddress: request.socket.remoteAddress ?? '',
      forwardedFor: typeof forwardedFor === 'string' ? forwardedFor : undefined,
      host: request.headers.host,
      protocol: request.protocol,
      identity: (request as RequestWithIdentity).identity,
    });
    const response = await this.client.request(service, { method: request.method, path, headers, body: bodyOf(request) });
    if (response.statusCode >= 400) {
      throw new UpstreamErrorException(service, response.statusCode, await upstreamMessage(response));
    }
    await reply.status(response.statusCode).headers(clientResponseHeaders(response.headers)).send(response.body);
  }
}
