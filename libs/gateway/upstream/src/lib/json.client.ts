import { HttpException, Inject, Injectable, Optional } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GatewayTracing } from '@bff/gateway-observability';
import { forwardContextOf, requestDeadline } from './forward-context';
import { noteUpstreamCacheControl } from './upstream-cache-control';
import { UpstreamClient } from './upstream.client';
import { UpstreamErrorException } from './upstream.exceptions';
import { gatewayHeaders } from './upstream-headers';
import { upstreamMessage } from './upstream-message';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';
import { wholeText } from './whole-body';

/** Options of one {@link JsonClient} call. */
export interface JsonCallOptions<T> {
  /**
   * Answer to use when the service fails (unreachable, timeout, 5xx, breaker open, bulkhead full),
   * e.g. cached or static data; a 4xx answer is never replaced.
   */
  fallback?: (error: HttpException) => T | Promise<T>;
}

/** One JSON call of {@link JsonClient.send}. */
export interface JsonRequest {
  method: string;
  /** Path and query on the service. */
  path: string;
  /** Sent as JSON when defined. */
  body?: unknown;
}

/** A successful JSON answer: its status and parsed body (`undefined` when empty). */
export interface JsonResponse<T> {
  status: number;
  body: T | undefined;
}

/**
 * Calls a service for JSON on behalf of an incoming request, for handlers that compose answers.
 * Only the gateway's headers (identity, request id, trace context, canary choice) go upstream,
 * not the client's. Every call of one incoming request shares its deadline, and each answer's
 * `Cache-Control` is noted on the incoming request for the response cache
 * ({@link upstreamCacheControlOf}). An error answer throws {@link UpstreamErrorException}.
 *
 * @example
 * const user = await this.json.get<User>('users', `/users/${encodeURIComponent(id)}`, request);
 * const tips = await this.json.get<Tip[]>('products', '/tips', request, { fallback: () => [] });
 * const order = await this.json.post<Order>('orders', '/orders', { userId, items }, request);
 */
@Injectable()
export class JsonClient {
  private readonly budgetMs: number;

  constructor(
    private readonly client: UpstreamClient,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
    @Optional() private readonly tracing: GatewayTracing = GatewayTracing.disabled,
  ) {
    this.budgetMs = options.deadlineMs ?? options.timeoutMs;
  }

  /** `GET path` on `service`; a failure throws unless `options.fallback` answers for it. */
  async get<T>(service: string, path: string, origin: FastifyRequest, options?: JsonCallOptions<T>): Promise<T> {
    if (!options?.fallback) return (await this.send<T>(service, { method: 'GET', path }, origin)).body as T;
    try {
      return (await this.send<T>(service, { method: 'GET', path }, origin)).body as T;
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() >= 500) return options.fallback(error);
      throw error;
    }
  }

  /** `POST path` on `service` with a JSON body. */
  async post<T>(service: string, path: string, body: unknown, origin: FastifyRequest): Promise<T> {
    return (await this.send<T>(service, { method: 'POST', path, body }, origin)).body as T;
  }

  /** Any method on `service`; answers the status and the parsed body of a successful answer. */
  async send<T>(service: string, request: JsonRequest, origin: FastifyRequest): Promise<JsonResponse<T>> {
    const headers = gatewayHeaders(forwardContextOf(origin, this.options.client));
    headers['accept'] = 'application/json';
    const canary = origin.headers['x-canary'];
    if (typeof canary === 'string') headers['x-canary'] = canary;
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const trace = this.tracing.enabled ? this.tracing.parentFor(origin) : undefined;
    const response = await this.client.request(
      service,
      { method: request.method, path: request.path, headers, body: payload, retry: origin.routeOptions.config.retry, trace },
      requestDeadline(origin, this.budgetMs),
    );
    noteUpstreamCacheControl(origin, response.headers['cache-control']);
    if (response.statusCode >= 400) {
      throw new UpstreamErrorException(service, response.statusCode, await upstreamMessage(response));
    }
    const text = await wholeText(response.body);
    if (text === '') return { status: response.statusCode, body: undefined };
    try {
      return { status: response.statusCode, body: JSON.parse(text) as T };
    } catch {
      throw new UpstreamErrorException(service, 502);
    }
  }
}
