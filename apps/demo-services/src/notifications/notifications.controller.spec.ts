import { ORDER_CREATED, OrderCreatedEvent } from '@bff/contracts';
import { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientProxyFactory } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import {
  EventsTransport,
  eventsTransportOptions,
} from '../messaging/events-transport';
import { freePort } from '../testing/free-port';
import { NotificationsModule } from './notifications.module';

async function waitFor(
  condition: () => boolean,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('notifications consumer', () => {
  let consumer: INestMicroservice;
  let publisher: ClientProxy;
  let log: jest.SpyInstance;

  beforeAll(async () => {
    const transport: EventsTransport = {
      kind: 'tcp',
      host: '127.0.0.1',
      port: await freePort(),
    };
    consumer = await NestFactory.createMicroservice(NotificationsModule, {
      ...eventsTransportOptions(transport),
      logger: false,
    });
    await consumer.listen();
    publisher = ClientProxyFactory.create(eventsTransportOptions(transport));
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    log.mockRestore();
    await publisher.close();
    await consumer.close();
  });

  it('logs one line per order.created event received over TCP', async () => {
    const event: OrderCreatedEvent = {
      orderId: 'o-7',
      userId: 'u-1',
      total: 12.5,
      itemCount: 2,
      createdAt: '2025-01-01T00:00:00.000Z',
    };
    await lastValueFrom(publisher.emit(ORDER_CREATED, event), {
      defaultValue: undefined,
    });
    await waitFor(() => log.mock.calls.length > 0);

    expect(log.mock.calls).toEqual([
      ['notifications: order.created o-7 user=u-1 items=2 total=12.5'],
    ]);
  });
});
