import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

/** Where events go: a NATS server when `natsUrl` is set, else the TCP transport at `tcp`. */
export interface EventsOptions {
  natsUrl?: string;
  tcp: { host: string; port: number };
}

/** Injection token of the {@link EventsOptions}. */
export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');

/**
 * Publishes events through a Nest `ClientProxy` (NATS or TCP). Publishing is best effort and never
 * delays the answer: a failure is logged as a warning, the request it belongs to has succeeded.
 *
 * @example
 * this.events.publish(ORDER_CREATED, event);
 */
@Injectable()
export class EventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly client: ClientProxy;

  constructor(@Inject(EVENTS_OPTIONS) options: EventsOptions) {
    this.client = options.natsUrl
      ? ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [options.natsUrl] } })
      : ClientProxyFactory.create({ transport: Transport.TCP, options: options.tcp });
  }

  /** Sends `data` under `pattern`; resolves once sent or given up, never rejects. */
  async publish(pattern: string, data: unknown): Promise<void> {
    try {
      await lastValueFrom(this.client.emit(pattern, data), { defaultValue: undefined });
    } catch (error) {
      this.logger.warn(`could not publish ${pattern}: ${(error as Error)?.message ?? 'unknown error'}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
