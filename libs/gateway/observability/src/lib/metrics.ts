import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { LabelledHistogram } from './labelled-metrics';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics of one BFF process: Node's default process metrics plus the gateway's
 * own. One instance per process, served on the management port only.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  /** `http_server_request_duration_seconds{method,route,status}`: route is the template, never the raw path. */
  readonly httpServerDuration = new LabelledHistogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests served by this BFF',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** `upstream_request_duration_seconds{service,outcome}`, one observation per upstream attempt. */
  readonly upstreamDuration = new LabelledHistogram({
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

  /** `load_shed_total{reason}`: requests refused early with 503 because the process was overloaded. */
  readonly loadShed = new Counter({
    name: 'load_shed_total',
    help: 'Requests refused with 503 by load shedding, by reason (in_flight, event_loop_lag)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** `circuit_breaker_state{service}`: 0 closed, 1 half-open, 2 open. */
  readonly circuitBreakerState = new Gauge({
    name: 'circuit_breaker_state',
    help: 'State of the circuit breaker of each service: 0 closed, 1 half-open, 2 open',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });

  /** `upstream_ejections_total{service}`: instances ejected by passive outlier detection. */
  readonly upstreamEjections = new Counter({
    name: 'upstream_ejections_total',
    help: 'Instances ejected after consecutive failures, by service',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });

  /** `upstream_retries_total{service}`: attempts sent again after a retryable failure. */
  readonly upstreamRetries = new Counter({
    name: 'upstream_retries_total',
    help: 'Upstream retries, by service',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });

  /** `upstream_retry_budget_exhausted_total{service}`: retries refused because the budget was spent. */
  readonly retryBudgetExhausted = new Counter({
    name: 'upstream_retry_budget_exhausted_total',
    help: 'Retries not sent because the retry budget of the service was spent',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });

  /** `upstream_bulkhead_rejections_total{service}`: calls refused at once because the service had too many in flight. */
  readonly bulkheadRejections = new Counter({
    name: 'upstream_bulkhead_rejections_total',
    help: 'Upstream calls refused by the concurrency bulkhead, by service',
    labelNames: ['service'] as const,
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
