import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forwardContextOf } from './forward-context';
import { UpstreamClient } from './upstream.client';
import { UpstreamErrorException } from './upstream.exceptions';
import { gatewayHeaders } from './upstream-headers';
import { upstreamMessage } from './upstream-message';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';

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
 * Only the gateway's headers (identity, request id, trace context) go upstream, not the client's.
 * An error answer throws {@link UpstreamErrorException}.
 *
 * @example
 * const user = await this.json.get<User>('users', `/users/${encodeURIComponent(id)}`, request);
 * const order = await this.json.post<Order>('orders', '/orders', { userId, items }, request);
 */
@Injectable()
export class JsonClient {
  constructor(
    private readonly client: UpstreamClient,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
  ) {}

  /** `GET path` on `service`. */
  async get<T>(service: string, path: string, origin: FastifyRequest): Promise<T> {
    return (await this.send<T>(service, { method: 'GET', path }, origin)).body as T;
  }

  /** `POST path` on `service` with a JSON body. */
  async post<T>(service: string, path: string, body: unknown, origin: FastifyRequest): Promise<T> {
    return (await this.send<T>(service, { method: 'POST', path, body }, origin)).body as T;
  }

  /** Any method on `service`; answers the status and the parsed body of a successful answer. */
  async send<T>(service: string, request: JsonRequest, origin: FastifyRequest): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = {
      ...gatewayHeaders(forwardContextOf(origin, this.options.client)),
      accept: 'application/json',
    };
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await this.client.request(service, { method: request.method, path: request.path, headers, body: payload });
    if (response.statusCode >= 400) {
      throw new UpstreamErrorException(service, response.statusCode, await upstreamMessage(response));
    }
    const text = await response.body.text();
    if (text === '') return { status: response.statusCode, body: undefined };
    try {
      return { status: response.statusCode, body: JSON.parse(text) as T };
    } catch {
      throw new UpstreamErrorException(service, 502);
    }
  }
}
