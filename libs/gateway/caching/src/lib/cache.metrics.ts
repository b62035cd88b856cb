import { Injectable } from '@nestjs/common';
import { GatewayMetrics, LabelledCounter } from '@bff/gateway-observability';

/** What a cacheable request got: the `x-cache` value, lower-case. */
export type CacheResult = 'hit' | 'miss' | 'stale';

/** `cache_requests_total{result}` in the BFF's registry (management port `/metrics`). */
@Injectable()
export class CacheMetrics {
  private readonly requests: LabelledCounter<'result'>;

  constructor(metrics: GatewayMetrics) {
    this.requests = new LabelledCounter({
      name: 'cache_requests_total',
      help: 'Requests to cacheable routes by result (hit, miss, stale)',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    });
  }

  /** Counts one request to a cacheable route. */
  count(result: CacheResult): void {
    this.requests.inc({ result });
  }
}
