import { HttpException, Injectable, Optional } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { GatewayMetrics, GatewayTracing } from '@bff/gateway-observability';
import { DegradedPart, PartFailureReason, reasonOf } from './part-failure';
import { RequiredPartException } from './required-part.exception';

/** The `meta` of an aggregated answer. */
export interface AggregationMeta {
  /** Optional parts that could not be loaded and fell back, in declaration order. */
  degraded: DegradedPart[];
}

/** Options of one aggregation. */
export interface AggregationOptions {
  /** Time every part has from the start of the aggregation; a part still running then fails with `timeout`. */
  deadlineMs?: number;
}

class DeadlineExceeded extends Error {}

interface Settled {
  part: string;
  required: boolean;
  outcome: 'ok' | PartFailureReason;
  error?: unknown;
}

/**
 * One aggregated answer in the making: parts start as soon as they are declared (so independent
 * parts run concurrently), a dependent part awaits the promise of the part it needs, and
 * {@link AggregationScope.settle} waits for every part and decides the outcome.
 *
 * - a failed **optional** part resolves to its fallback and is listed in `meta.degraded`;
 * - a failed **required** part makes `settle` throw {@link RequiredPartException} (502, or 504 on
 *   a timeout) naming it; an upstream 4xx of a required part (e.g. 404) is rethrown as it is.
 *
 * Every part counts in `aggregation_part_total{part,outcome}`; while tracing is on it is also an
 * INTERNAL span `part <name>` under the request's span, parent of the upstream calls it makes.
 */
export class AggregationScope {
  private readonly running: Promise<Settled>[] = [];
  private readonly deadline?: number;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly tracing: GatewayTracing,
    private readonly origin: object,
    options: AggregationOptions = {},
  ) {
    this.deadline = options.deadlineMs === undefined ? undefined : Date.now() + options.deadlineMs;
  }

  /** Starts a part without which the answer makes no sense. */
  required<T>(part: string, load: () => Promise<T>): Promise<T> {
    const span = this.tracing.enabled ? this.tracing.startPart(this.origin, { part, required: true }) : undefined;
    const result = this.withinDeadline(span ? () => this.tracing.withinPart(span, load) : load);
    this.track(part, true, result, span);
    result.catch(() => undefined);
    return result;
  }

  /** Starts a part the answer can do without: on failure it resolves to `fallback`. */
  optional<T>(part: string, load: () => Promise<T>, fallback: T): Promise<T> {
    const span = this.tracing.enabled ? this.tracing.startPart(this.origin, { part, required: false }) : undefined;
    const result = this.withinDeadline(span ? () => this.tracing.withinPart(span, load) : load);
    this.track(part, false, result, span);
    return result.catch(() => fallback);
  }

  /**
   * Waits for every declared part; throws for the first failed required part (in declaration
   * order), else returns the `meta` naming the optional parts that fell back.
   */
  async settle(): Promise<AggregationMeta> {
    let settled: Settled[] = [];
    for (let count = 0; count !== this.running.length; ) {
      count = this.running.length;
      settled = await Promise.all(this.running);
    }
    const failedRequired = settled.find((part) => part.required && part.outcome !== 'ok');
    if (failedRequired) {
      const error = failedRequired.error;
      if (error instanceof HttpException && error.getStatus() >= 400 && error.getStatus() < 500) throw error;
      throw new RequiredPartException(failedRequired.part, failedRequired.outcome as PartFailureReason);
    }
    return {
      degraded: settled
        .filter((part) => part.outcome !== 'ok')
        .map((part) => ({ part: part.part, reason: part.outcome as PartFailureReason })),
    };
  }

  private track<T>(part: string, required: boolean, result: Promise<T>, span: Span | undefined): void {
    this.running.push(
      result.then(
        (): Settled => this.record({ part, required, outcome: 'ok' }, span),
        (error: unknown): Settled =>
          this.record({ part, required, outcome: error instanceof DeadlineExceeded ? 'timeout' : reasonOf(error), error }, span),
      ),
    );
  }

  private record(settled: Settled, span: Span | undefined): Settled {
    this.metrics.aggregationParts.inc({ part: settled.part, outcome: settled.outcome });
    if (span) {
      const result = settled.outcome === 'ok' ? 'ok' : settled.required ? 'failed' : 'fallback';
      this.tracing.endPart(span, { outcome: settled.outcome, result });
    }
    return settled;
  }

  private withinDeadline<T>(load: () => Promise<T>): Promise<T> {
    const started = Promise.resolve().then(load);
    if (this.deadline === undefined) return started;
    const remaining = this.deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded()), Math.max(remaining, 0));
    });
    return Promise.race([started, expired]).finally(() => clearTimeout(timer));
  }
}

/**
 * Starts aggregations; inject it into a handler that composes an answer from several parts.
 *
 * @example
 * const scope = this.aggregator.begin(request, { deadlineMs: 2500 });
 * const user = scope.required('user', () => this.json.get<User>('users', `/users/${id}`, request));
 * const orders = scope.optional('orders', () => this.recentOrders(id, request), []);
 * const products = scope.optional('products', async () => this.productsOf(await orders, request), []);
 * const meta = await scope.settle();
 * return { user: await user, orders: await orders, products: await products, meta };
 */
@Injectable()
export class Aggregator {
  constructor(
    private readonly metrics: GatewayMetrics,
    @Optional() private readonly tracing: GatewayTracing = GatewayTracing.disabled,
  ) {}

  /** A new aggregation for the incoming request `origin` (the parent of its part spans while tracing is on). */
  begin(origin: object, options?: AggregationOptions): AggregationScope {
    return new AggregationScope(this.metrics, this.tracing, origin, options);
  }
}
