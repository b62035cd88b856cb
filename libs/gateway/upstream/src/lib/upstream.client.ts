import { HttpException, Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Dispatcher, Pool } from 'undici';
import { RoundRobinBalancer } from '@bff/gateway-discovery';
import { GatewayMetrics } from '@bff/gateway-observability';
import { UpstreamTimeoutException, UpstreamUnavailableException } from './upstream.exceptions';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';

/** One call to a service, before an instance is chosen. */
export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. `/users/u-1?expand=1`. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Readable | Buffer | string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([502, 503, 504]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const MAX_ATTEMPTS = 2;

/**
 * Whether a request may be sent again: GET, HEAD, OPTIONS, or any method with an `Idempotency-Key`,
 * and only when its body is not a stream already being consumed.
 */
export function isRetryable(request: UpstreamRequest): boolean {
  const idempotent = SAFE_METHODS.has(request.method.toUpperCase()) || request.headers['idempotency-key'] !== undefined;
  return idempotent && !(request.body instanceof Readable);
}

/**
 * The one way to call an HTTP service: picks an instance through discovery, sends over a pooled
 * keep-alive connection with the per-attempt timeout, and retries an idempotent request once on
 * another instance after a connection error or a 502/503/504. Throws
 * {@link UpstreamUnavailableException} (502) or {@link UpstreamTimeoutException} (504).
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly balancer: RoundRobinBalancer,
    private readonly metrics: GatewayMetrics,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
  ) {}

  /** Sends the request; the caller owns (and must consume or dump) the response body. */
  async request(service: string, request: UpstreamRequest): Promise<Dispatcher.ResponseData> {
    const retryable = isRetryable(request);
    const tried = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const instance = this.balancer.pick(service, tried);
      if (!instance) throw new UpstreamUnavailableException(service);
      tried.add(instance.id);
      const canRetry = retryable && attempt < MAX_ATTEMPTS;
      const started = performance.now();
      try {
        const response = await this.pool(instance.origin).request({
          method: request.method as Dispatcher.HttpMethod,
          path: request.path,
          headers: request.headers,
          body: request.body,
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs,
        });
        this.observe(service, response.statusCode >= 500 ? 'error' : 'success', started);
        if (canRetry && RETRYABLE_STATUS.has(response.statusCode)) {
          await response.body.dump();
          continue;
        }
        return response;
      } catch (error) {
        if (error instanceof HttpException) throw error;
        const code = (error as { code?: string }).code ?? '';
        if (TIMEOUT_CODES.has(code)) {
          this.observe(service, 'timeout', started);
          throw new UpstreamTimeoutException(service);
        }
        this.observe(service, 'unreachable', started);
        if (!canRetry) throw new UpstreamUnavailableException(service);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }

  private observe(service: string, outcome: string, started: number): void {
    this.metrics.upstreamDuration.observe({ service, outcome }, (performance.now() - started) / 1000);
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 128, keepAliveTimeout: 30_000, connectTimeout: this.options.timeoutMs });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}
