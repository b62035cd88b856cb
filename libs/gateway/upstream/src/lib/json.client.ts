import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forwardContextOf } from './forward-context';
import { noteUpstreamCacheControl } from './upstream-cache-control';
import { UpstreamClient } from './upstream.client';
import { UpstreamErrorException } from './upstream.exceptions';
import { gatewayHeaders } from './upstream-headers';
import { upstreamMessage } from './upstream-message';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';

/**
 * Calls a service for JSON on behalf of an incoming request, for handlers that compose answers.
 * Only the gateway's headers (identity, request id, trace context) go upstream, not the client's.
 *
 * @example
 * const user = await this.json.get<User>('users', `/users/${encodeURIComponent(id)}`, request);
 */
@Injectable()
export class JsonClient {
  constructor(
    private readonly client: UpstreamClient,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
  ) {}

  /**
   * `GET path` on `service`; an error answer throws {@link UpstreamErrorException}. The answer's
   * `Cache-Control` is noted on `origin` for the response cache ({@link upstreamCacheControlOf}).
   */
  async get<T>(service: string, path: string, origin: FastifyRequest): Promise<T> {
    const headers = { ...gatewayHeaders(forwardContextOf(origin, this.options.client)), accept: 'application/json' };
    const response = await this.client.request(service, { method: 'GET', path, headers });
    noteUpstreamCacheControl(origin, response.headers['cache-control']);
    if (response.statusCode >= 400) {
      throw new UpstreamErrorException(service, response.statusCode, await upstreamMessage(response));
    }
    try {
      return (await response.body.json()) as T;
    } catch {
      throw new UpstreamErrorException(service, 502);
    }
  }
}
