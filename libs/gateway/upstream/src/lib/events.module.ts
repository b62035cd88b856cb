import { DynamicModule, Module } from '@nestjs/common';
import { EVENTS_OPTIONS, EventsOptions, EventsPublisher } from './events.publisher';

/**
 * Provides the {@link EventsPublisher} of a BFF that publishes events.
 *
 * @example
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
}
