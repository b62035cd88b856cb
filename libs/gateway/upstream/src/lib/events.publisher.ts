import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { FastifyRequest } from 'fastify';
import { lastValueFrom, timeout } from 'rxjs';
import { GatewayMetrics, GatewayTracing } from '@bff/gateway-observability';
import { BreakerOpenError, BreakerOptions, BreakerState, ServiceBreaker } from '@bff/gateway-resilience';
import { requestDeadline } from './forward-context';
import { DEFAULT_BREAKER, reportedBreaker } from './reported-breaker';

/** Where events go: a NATS server when `natsUrl` is set, else the TCP transport at `tcp`. */
export interface EventsOptions {
  natsUrl?: string;
  tcp: { host: string; port: number };
  /**
   * Longest wait for one publish in milliseconds when it is not given its request (with one: the
   * request's time left, this being its budget when no upstream call set it); default 1000.
   */
  timeoutMs?: number;
  /** Circuit breaker of the `events` service; default 10 calls, 50 %, 10 s. */
  breaker?: BreakerOptions;
}

/** Injection token of the {@link EventsOptions}. */
export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');

const SERVICE = 'events';
const DEFAULT_TIMEOUT_MS = 1000;

interface Publish {
  pattern: string;
  data: unknown;
  timeoutMs: number;
}

/**
 * Publishes events through a Nest `ClientProxy` (NATS or TCP). Publishing is best effort and never
 * fails the answer: a failure or timeout is logged as a warning, the request it belongs to has
 * succeeded. Publishes go through the `events` circuit breaker (`circuit_breaker_state{service="events"}`):
 * while it is open they are skipped at once, without trying to connect. While tracing is on, each
 * publish is a PRODUCER span under its request's span (the trace context is not put in the event).
 *
 * @example
 * void this.events.publish(ORDER_CREATED, event, request);
 */
@Injectable()
export class EventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly client: ClientProxy;
  private readonly breaker: ServiceBreaker<Publish, void>;
  private readonly timeoutMs: number;
  private readonly system: string;

  constructor(
    @Inject(EVENTS_OPTIONS) options: EventsOptions,
    metrics: GatewayMetrics,
    @Optional() private readonly tracing: GatewayTracing = GatewayTracing.disabled,
  ) {
    this.system = options.natsUrl ? 'nats' : 'tcp';
    this.client = options.natsUrl
      ? ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [options.natsUrl] } })
      : ClientProxyFactory.create({ transport: Transport.TCP, options: options.tcp });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.breaker = reportedBreaker<Publish, void>(SERVICE, options.breaker ?? DEFAULT_BREAKER, (call) => this.send(call), () => false, metrics);
  }

  /** State of the `events` circuit breaker. */
  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /**
   * Sends `data` under `pattern` within the time left of `origin` (else the fixed timeout);
   * resolves once sent or given up, never rejects.
   */
  async publish(pattern: string, data: unknown, origin?: FastifyRequest): Promise<void> {
    const timeoutMs = origin ? Math.floor(requestDeadline(origin, this.timeoutMs) - performance.now()) : this.timeoutMs;
    const span = this.tracing.enabled
      ? this.tracing.startCall(origin && this.tracing.parentFor(origin), `${pattern} publish`, SpanKind.PRODUCER, {
          'messaging.system': this.system,
          'messaging.destination.name': pattern,
          'messaging.operation.type': 'send',
        })
      : undefined;
    try {
      if (timeoutMs <= 0) throw new Error('no time left');
      await this.breaker.fire({ pattern, data, timeoutMs });
      if (span) this.tracing.endAttempt(span, 'success');
    } catch (error) {
      const open = error instanceof BreakerOpenError;
      if (span) this.tracing.endAttempt(span, open ? 'circuit_open' : 'error');
      const reason = open ? 'events circuit breaker open' : ((error as Error)?.message ?? 'unknown error');
      this.logger.warn(`could not publish ${pattern}: ${reason}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.breaker.shutdown();
    await this.client.close();
  }

  private async send({ pattern, data, timeoutMs }: Publish): Promise<void> {
    await lastValueFrom(this.client.emit(pattern, data).pipe(timeout(timeoutMs)), { defaultValue: undefined });
  }
}
