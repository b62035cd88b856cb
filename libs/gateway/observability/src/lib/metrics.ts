import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics of one BFF process: Node's default process metrics plus the gateway's
 * own. One instance per process, served on the management port only.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  /** `http_server_request_duration_seconds{method,route,status}`: route is the template, never the raw path. */
  readonly httpServerDuration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests served by this BFF',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** `upstream_request_duration_seconds{service,outcome}`, one observation per upstream attempt. */
  readonly upstreamDuration = new Histogram({
    name: 'upstream_request_duration_seconds',
    help: 'Duration of upstream attempts by service and outcome',
    labelNames: ['service', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** `rate_limit_rejections_total{policy}`: requests answered 429, by the policy that refused them. */
  readonly rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused with 429 by the rate limiter, by policy',
    labelNames: ['policy'] as const,
    registers: [this.registry],
  });

  /** `rate_limit_store_failures_total`: requests the rate-limit store could not count (fail mode applied). */
  readonly rateLimitStoreFailures = new Counter({
    name: 'rate_limit_store_failures_total',
    help: 'Requests the rate-limit store could not count in time (served open or refused closed)',
    registers: [this.registry],
  });

  /** `aggregation_part_total{part,outcome}`: parts of composed answers, `outcome` `ok` or why it failed. */
  readonly aggregationParts = new Counter({
    name: 'aggregation_part_total',
    help: 'Parts of aggregated answers by part and outcome (ok, unavailable, timeout, circuit_open, error)',
    labelNames: ['part', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(client: string) {
    this.registry.setDefaultLabels({ client });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
