import { HttpException, Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Context } from '@opentelemetry/api';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Dispatcher, errors, Pool } from 'undici';
import { InjectServiceRegistry, ServiceInstance, ServiceRegistry } from '@bff/gateway-discovery';
import { GatewayMetrics, GatewayTracing } from '@bff/gateway-observability';
import {
  backoffDelay,
  Balancer,
  BreakerOpenError,
  BreakerState,
  Bulkhead,
  CanaryOptions,
  DEADLINE_HEADER,
  inCanary,
  InjectBalancer,
  OutlierDetector,
  RetryBudget,
  ServiceBreaker,
  statsOf,
} from '@bff/gateway-resilience';
import {
  BulkheadFullException,
  CircuitOpenException,
  UpstreamTimeoutException,
  UpstreamUnavailableException,
} from './upstream.exceptions';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';
import { DEFAULT_BREAKER, reportedBreaker } from './reported-breaker';

/** One call to a service, before an instance is chosen. */
export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. `/users/u-1?expand=1`. */
  path: string;
  /** Sent as they are, plus `x-request-deadline-ms` (the time left) set on each attempt. */
  headers: Record<string, string | string[]>;
  body?: Readable | Buffer | string;
  /** `false`: never sent again, even when idempotent. */
  retry?: false;
  /**
   * Parent of the attempt spans, set only while tracing is on ({@link GatewayTracing.parentFor}):
   * each attempt then gets a CLIENT span and sends its context as `traceparent`.
   */
  trace?: Context;
}

/** Live counters of one service, for operators. */
export interface ServiceTraffic {
  breaker: BreakerState;
  /** Calls in flight (bulkhead occupancy). */
  inFlight: number;
  /** Incoming calls, and attempts that failed (5xx, timeout, unreachable), since start. */
  requests: number;
  errors: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([502, 503, 504]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Whether a request may be sent again: GET, HEAD, OPTIONS, or any method with an `Idempotency-Key`,
 * and only when its body is not a stream already being consumed nor `retry` is `false`.
 */
export function isRetryable(request: UpstreamRequest): boolean {
  if (request.retry === false) return false;
  const idempotent = SAFE_METHODS.has(request.method.toUpperCase()) || request.headers['idempotency-key'] !== undefined;
  return idempotent && !(request.body instanceof Readable);
}

/** One attempt as the breaker runs it. */
interface Attempt {
  pool: Pool;
  options: Dispatcher.RequestOptions;
}

const send = (attempt: Attempt): Promise<Dispatcher.ResponseData> => attempt.pool.request(attempt.options);
const isServerError = (response: Dispatcher.ResponseData): boolean => response.statusCode >= 500;
// An HttpException out of undici comes from the client's own request body (e.g. 413 while uploading).
const isClientFault = (error: unknown): boolean => error instanceof HttpException;

/** Everything the client keeps per service. */
class ServiceState {
  requests = 0;
  errors = 0;

  constructor(
    readonly breaker: ServiceBreaker<Attempt, Dispatcher.ResponseData>,
    readonly bulkhead: Bulkhead,
    readonly budget: RetryBudget,
    readonly canary: CanaryOptions | undefined,
  ) {}
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A timer's duration snapped down to a coarse grid (at most 1/32 short of it): Node keeps one
 * timer list per duration, and the time left of each request differs by a few milliseconds, so
 * exact durations made a list per request (created, queued, emptied and dropped again); snapped,
 * concurrent attempts share a handful. Whoever arms it checks the exact time when it fires.
 */
export function coarseDelay(ms: number): number {
  if (ms < 64) return ms;
  const step = 2 ** Math.floor(Math.log2(ms / 32));
  return Math.floor(ms / step) * step;
}

/**
 * An attempt's one timer, and the signal undici watches to abort the attempt: an EventEmitter with
 * `aborted` and `reason`, which undici accepts as a signal. The answer's headers must come within
 * the attempt's time (the per-attempt timeout, or the request's time left when shorter), then its
 * body within the per-attempt timeout (a relayed stream: from each chunk, see {@link streamedBody}).
 * Answers and chunks only move the time due; the timer, armed once for the headers' time
 * ({@link coarseDelay}), waits out whatever is left when it fires, so an answer costs one timer.
 * undici's own headers and body timers are off: they run on a coarse
 * timer (ticks of about 500 ms), so a 200 ms deadline fired up to a second late, and the body timer
 * left an object per answer in undici's timer list for up to a second after the answer (a quarter
 * of what a pass-through kept past the young generation). An AbortController and its EventTarget
 * signal per attempt cost more: a pass-through took 143-147 µs of CPU with one, 125-132 µs without
 * (alternating builds, four runs each).
 */
class AttemptDeadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  private answered = false;
  private relayed: Readable | undefined;
  /** When the time runs out (`performance.now()`): the headers' time, then the body's. */
  private due: number;
  private timer: NodeJS.Timeout;

  /** `started`: the attempt's `performance.now()` time. */
  constructor(
    started: number,
    headersMs: number,
    private readonly bodyMs: number,
  ) {
    super();
    this.due = started + headersMs;
    this.timer = setTimeout(this.expire, coarseDelay(headersMs));
  }

  /** The headers are in: the body's time starts. */
  headersIn(): void {
    this.answered = true;
    this.due = performance.now() + this.bodyMs;
  }

  /**
   * `body` is relayed as it streams: its time starts again with each chunk from the service (a
   * Readable receives every chunk through `push`), and runs only while the service is silent.
   */
  relaying(body: Readable): void {
    this.relayed = body;
    const push = body.push;
    body.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
      this.due = performance.now() + this.bodyMs;
      return push.call(body, chunk, encoding);
    };
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  // undici stops listening when the answer is over (its body closed, or the attempt failed): so does the timer.
  override removeListener(event: string | symbol, listener: (...args: unknown[]) => void): this {
    clearTimeout(this.timer);
    return super.removeListener(event, listener);
  }

  // Node fires a timer on the event loop's millisecond clock, up to a millisecond before `performance.now()` reaches its time.
  private readonly expire = (): void => {
    const now = performance.now();
    // Data waiting for a slow client: it is the client that is late, not the service (as undici's
    // body timer, which does not fire while its parser is paused by the reader).
    if (this.due - now < 1 && this.relayed !== undefined && this.relayed.readableLength > 0) this.due = now + this.bodyMs;
    if (this.due - now < 1) {
      this.abort();
      return;
    }
    this.timer = setTimeout(this.expire, coarseDelay(this.due - now));
  };

  private abort(): void {
    this.aborted = true;
    this.reason = this.answered ? new errors.BodyTimeoutError() : new errors.HeadersTimeoutError();
    this.emit('abort');
  }
}

const DEADLINE = Symbol('deadline');

/** An answer as {@link UpstreamClient.request} returns it: with the deadline of its body. */
type Answer = Dispatcher.ResponseData & { [DEADLINE]?: AttemptDeadline };

/**
 * The body of an answer of {@link UpstreamClient.request}, to relay as a stream: each chunk gives
 * the rest the per-attempt timeout again, so a long download lives as long as it moves, and a
 * client slower than the service does not count against it (a body read whole must arrive within
 * that timeout of the headers). The stream returned is the answer's own body.
 */
export function streamedBody(response: Dispatcher.ResponseData): Readable {
  (response as Answer)[DEADLINE]?.relaying(response.body);
  return response.body;
}

/**
 * The one way to call an HTTP service: registry -> balancer -> bulkhead -> breaker -> retry ->
 * pooled keep-alive transport. Each attempt's timeout is the smaller of the per-attempt timeout and
 * the request's time left. An idempotent request is retried on another instance after a connection
 * error or a 502/503/504, with backoff, within the service's retry budget. Throws
 * {@link UpstreamUnavailableException} (502), {@link UpstreamTimeoutException} (504),
 * {@link CircuitOpenException} (503, nothing sent) or {@link BulkheadFullException} (503).
 * With a traced request (`trace` set), every attempt is a CLIENT span whose context is the
 * `traceparent` that attempt sends.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Upstream');
  private readonly pools = new Map<string, Pool>();
  private readonly states = new Map<string, ServiceState>();
  private readonly outliers: OutlierDetector;
  private readonly maxAttempts: number;
  private readonly deadlineMs: number;

  constructor(
    @InjectServiceRegistry() private readonly registry: ServiceRegistry,
    @InjectBalancer() private readonly balancer: Balancer,
    private readonly metrics: GatewayMetrics,
    @Inject(UPSTREAM_OPTIONS) private readonly options: UpstreamOptions,
    @Optional() private readonly tracing: GatewayTracing = GatewayTracing.disabled,
  ) {
    this.outliers = new OutlierDetector(options.outlier);
    this.maxAttempts = options.retry?.maxAttempts ?? 3;
    this.deadlineMs = options.deadlineMs ?? options.timeoutMs;
  }

  /**
   * Sends the request, within `deadline` (a `performance.now()` time; default: the configured
   * budget from now). The caller owns (and must consume or dump) the response body.
   */
  async request(service: string, request: UpstreamRequest, deadline = performance.now() + this.deadlineMs): Promise<Dispatcher.ResponseData> {
    const state = this.state(service);
    if (!state.bulkhead.tryAcquire()) {
      this.metrics.bulkheadRejections.inc({ service });
      throw new BulkheadFullException(service);
    }
    try {
      return await this.attempts(service, state, request, deadline);
    } finally {
      state.bulkhead.release();
    }
  }

  /** Live counters of a service. */
  traffic(service: string): ServiceTraffic {
    const state = this.state(service);
    return { breaker: state.breaker.state, inFlight: state.bulkhead.inFlight, requests: state.requests, errors: state.errors };
  }

  async onApplicationShutdown(): Promise<void> {
    for (const state of this.states.values()) state.breaker.shutdown();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }

  private async attempts(service: string, state: ServiceState, request: UpstreamRequest, deadline: number): Promise<Dispatcher.ResponseData> {
    state.requests++;
    state.budget.request();
    const retryable = isRetryable(request);
    const canary = state.canary
      ? inCanary(state.canary, single(request.headers['x-user-id']), single(request.headers['x-canary']))
      : false;
    let tried: string[] | undefined;
    for (let attempt = 1; ; attempt++) {
      const left = Math.floor(deadline - performance.now());
      if (left <= 0) throw new UpstreamTimeoutException(service);
      const instance = this.balancer.pick(service, tried || canary ? { exclude: tried, canary } : undefined);
      if (!instance) throw new UpstreamUnavailableException(service);
      request.headers[DEADLINE_HEADER] = String(left);
      const mayRetry = retryable && attempt < this.maxAttempts;
      let delay: number;
      try {
        const response = await this.attempt(service, state, instance, request, Math.min(this.options.timeoutMs, left), attempt);
        if (!mayRetry || !RETRYABLE_STATUS.has(response.statusCode)) return response;
        delay = this.retryDelay(service, state, attempt, deadline);
        if (delay < 0) return response;
        await response.body.dump();
      } catch (error) {
        if (error instanceof HttpException) throw error;
        if (error instanceof BreakerOpenError) throw new CircuitOpenException(service, error.retryAfterSeconds);
        if (TIMEOUT_CODES.has((error as { code?: string }).code ?? '')) throw new UpstreamTimeoutException(service);
        delay = mayRetry ? this.retryDelay(service, state, attempt, deadline) : -1;
        if (delay < 0) throw new UpstreamUnavailableException(service);
      }
      (tried ??= []).push(instance.id);
      if (delay > 0) await sleep(delay);
    }
  }

  /** The wait before the next attempt, or -1 when no retry may happen (budget spent, no time left). */
  private retryDelay(service: string, state: ServiceState, attempt: number, deadline: number): number {
    const delay = backoffDelay(attempt, this.options.retry?.backoff);
    if (performance.now() + delay >= deadline) return -1;
    if (!state.budget.tryRetry()) {
      this.metrics.retryBudgetExhausted.inc({ service });
      return -1;
    }
    this.metrics.upstreamRetries.inc({ service });
    return delay;
  }

  private async attempt(
    service: string,
    state: ServiceState,
    instance: ServiceInstance,
    request: UpstreamRequest,
    timeoutMs: number,
    attempt: number,
  ): Promise<Dispatcher.ResponseData> {
    const span = request.trace ? this.tracing.startAttempt(request.trace, { service, origin: instance.origin, attempt }, request.method) : undefined;
    if (span) request.headers['traceparent'] = this.tracing.traceparentOf(span);
    const stats = statsOf(instance);
    const started = performance.now();
    stats.inFlight++;
    const deadline = new AttemptDeadline(started, timeoutMs, this.options.timeoutMs);
    try {
      const response: Answer = await state.breaker.fire({
        pool: this.pool(instance.origin),
        options: {
          method: request.method as Dispatcher.HttpMethod,
          path: request.path,
          headers: request.headers,
          body: request.body,
          signal: deadline,
          headersTimeout: 0,
          bodyTimeout: 0,
        },
      });
      deadline.headersIn();
      response[DEADLINE] = deadline;
      const outcome = response.statusCode >= 500 ? 'error' : 'success';
      this.settle(service, state, instance, outcome, started);
      if (span) this.tracing.endAttempt(span, outcome, response.statusCode);
      return response;
    } catch (error) {
      deadline.stop();
      let outcome = error instanceof BreakerOpenError ? 'circuit_open' : 'client_error';
      if (!(error instanceof BreakerOpenError) && !isClientFault(error)) {
        outcome = TIMEOUT_CODES.has((error as { code?: string }).code ?? '') ? 'timeout' : 'unreachable';
        this.settle(service, state, instance, outcome, started);
      }
      if (span) this.tracing.endAttempt(span, outcome);
      throw error;
    } finally {
      stats.inFlight--;
    }
  }

  private settle(service: string, state: ServiceState, instance: ServiceInstance, outcome: string, started: number): void {
    this.metrics.upstreamDuration.observe({ service, outcome }, (performance.now() - started) / 1000);
    const stats = statsOf(instance);
    stats.requests++;
    if (outcome === 'success') {
      this.outliers.success(instance);
      return;
    }
    stats.errors++;
    state.errors++;
    const ejectedMs = this.outliers.failure(instance, this.registry.instances(service));
    if (ejectedMs > 0) {
      this.metrics.upstreamEjections.inc({ service });
      this.logger.warn(`${service} instance ${instance.id} ejected for ${ejectedMs} ms after consecutive failures`);
    }
  }

  private state(service: string): ServiceState {
    let state = this.states.get(service);
    if (!state) {
      const policy = this.options.services?.[service];
      const breaker = reportedBreaker<Attempt, Dispatcher.ResponseData>(
        service,
        { ...(this.options.breaker ?? DEFAULT_BREAKER), ignoreError: isClientFault },
        send,
        isServerError,
        this.metrics,
      );
      state = new ServiceState(
        breaker,
        new Bulkhead(policy?.maxInFlight ?? this.options.maxInFlight ?? 256),
        new RetryBudget(this.options.retry?.budget),
        policy?.canary,
      );
      this.states.set(service, state);
    }
    return state;
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
