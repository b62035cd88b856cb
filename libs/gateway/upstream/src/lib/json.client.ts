import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forwardContextOf, requestDeadline } from './forward-context';
import { noteUpstreamCacheControl } from './upstream-cache-control';
import { UpstreamClient } from './upstream.client';
import { UpstreamErrorException } from './upstream.exceptions';
import { gatewayHeaders } from './upstream-headers';
import { upstreamMessage } from './upstream-message';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';

/** Options of one {@link JsonClient} call. */
export interface JsonCallOptions<T> {
  /**
   * Answer to use when the service fails (unreachable, timeout, 5xx, breaker open, bulkhead full),
   * e.g. cached or static data; a 4xx answer is never replaced.
   */
  fallback?: (error: HttpException) => T | Promise<T>;
}

/**
 * Calls a service for JSON on behalf of an incoming request, for handlers that compose answers.
 * Only the gateway's headers (identity, request id, trace context) go upstream, not the client's.
 * Every call of one incoming request shares its deadline.
 *
 * @example
 * const user = await this.json.get<User>('users', `/users/${encodeURIComponent(id)}`, request);
 * const tips = await this.json.get<Tip[]>('products', '/tips', request, { fallback: () => [] });
 */
@Injectable()
export class JsonClient {
  private readonly budgetMs: number;

  constructor(
    private readonly client: UpstreamClient,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
  ) {
    this.budgetMs = options.deadlineMs ?? options.timeoutMs;
  }

  /**
   * `GET path` on `service`; an error answer throws {@link UpstreamErrorException} unless a fallback
   * answers. The answer's `Cache-Control` is noted on `origin` for the response cache
   * ({@link upstreamCacheControlOf}).
   */
  async get<T>(service: string, path: string, origin: FastifyRequest, options?: JsonCallOptions<T>): Promise<T> {
    if (!options?.fallback) return this.call<T>(service, path, origin);
    try {
      return await this.call<T>(service, path, origin);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() >= 500) return options.fallback(error);
      throw error;
    }
  }

  private async call<T>(service: string, path: string, origin: FastifyRequest): Promise<T> {
    const headers = gatewayHeaders(forwardContextOf(origin, this.options.client));
    headers['accept'] = 'application/json';
    const canary = origin.headers['x-canary'];
    if (typeof canary === 'string') headers['x-canary'] = canary;
    const response = await this.client.request(service, { method: 'GET', path, headers }, requestDeadline(origin, this.budgetMs));
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
