import { loadBffConfig } from '@bff/gateway-config';
import { EVENTS_OPTIONS } from './events.publisher';
import { EventsModule } from './events.module';

describe('EventsModule.forBff', () => {
  const defaults = { client: 'web', port: 3000, managementPort: 9100 };

  it('publishes over NATS when the BFF config has NATS_URL', () => {
    const module = EventsModule.forBff(loadBffConfig({ NATS_URL: 'nats://nats.internal:4222', BREAKER_VOLUME: '4' }, defaults));
    expect(module.providers).toContainEqual({
      provide: EVENTS_OPTIONS,
      useValue: { natsUrl: 'nats://nats.internal:4222', tcp: { host: '127.0.0.1', port: 4004 }, breaker: { volume: 4, errorPercent: 50, resetMs: 10000 } },
    });
  });

  it('falls back to the TCP events listener without NATS_URL', () => {
    const module = EventsModule.forBff(loadBffConfig({ EVENTS_TCP: 'notifications.internal:4004' }, defaults));
    expect(module.providers).toContainEqual({
      provide: EVENTS_OPTIONS,
      useValue: { natsUrl: undefined, tcp: { host: 'notifications.internal', port: 4004 }, breaker: { volume: 10, errorPercent: 50, resetMs: 10000 } },
    });
  });
});
