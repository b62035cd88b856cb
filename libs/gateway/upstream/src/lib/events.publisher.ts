import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { FastifyRequest } from 'fastify';
import { lastValueFrom, timeout } from 'rxjs';
import { GatewayMetrics } from '@bff/gateway-observability';
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
 * while it is open they are skipped at once, without trying to connect.
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

  constructor(@Inject(EVENTS_OPTIONS) options: EventsOptions, metrics: GatewayMetrics) {
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
    try {
      if (timeoutMs <= 0) throw new Error('no time left');
      await this.breaker.fire({ pattern, data, timeoutMs });
    } catch (error) {
      const reason = error instanceof BreakerOpenError ? 'events circuit breaker open' : ((error as Error)?.message ?? 'unknown error');
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
