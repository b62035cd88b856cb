import { DynamicModule, Module } from '@nestjs/common';
import type { BffConfig } from '@bff/gateway-config';
import { EVENTS_OPTIONS, EventsOptions, EventsPublisher } from './events.publisher';

/**
 * Provides the {@link EventsPublisher} of a BFF that publishes events.
 *
 * @example
 * EventsModule.forBff(config)
 * EventsModule.forRoot({ natsUrl: config.natsUrl, tcp: config.eventsTcp, breaker: config.breaker })
 */
@Module({})
export class EventsModule {
  static forRoot(options: EventsOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: EVENTS_OPTIONS, useValue: options }, EventsPublisher],
      exports: [EventsPublisher],
    };
  }

  /** The events publisher as every BFF wires it from its config: `NATS_URL`, else the TCP transport, and its breaker knobs. */
  static forBff(config: BffConfig): DynamicModule {
    return EventsModule.forRoot({ natsUrl: config.natsUrl, tcp: config.eventsTcp, breaker: config.breaker });
  }
}
