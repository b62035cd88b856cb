import { connect, NatsConnection } from 'nats';
import { createServer, Socket } from 'node:net';
import { EventsPublisher } from './events.publisher';

const NATS_URL = 'nats://127.0.0.1:4222';

describe('EventsPublisher over NATS', () => {
  let nats: NatsConnection;
  let publisher: EventsPublisher;

  beforeAll(async () => {
    nats = await connect({ servers: NATS_URL });
    publisher = new EventsPublisher({ natsUrl: NATS_URL, tcp: { host: '127.0.0.1', port: 9 } });
  });

  afterAll(async () => {
    await publisher.onApplicationShutdown();
    await nats.close();
  });

  it('publishes the event under its pattern as a Nest event', async () => {
    const subject = `test.events.${process.pid}.${Date.now()}`;
    const subscription = nats.subscribe(subject, { max: 1 });
    await nats.flush();
    await publisher.publish(subject, { orderId: 'o-9' });
    for await (const message of subscription) {
      expect(JSON.parse(new TextDecoder().decode(message.data))).toMatchObject({ pattern: subject, data: { orderId: 'o-9' } });
    }
    expect(subscription.getProcessed()).toBe(1);
  });
});

describe('EventsPublisher over TCP', () => {
  it('sends the event to the TCP listener', async () => {
    const received: Buffer[] = [];
    const sockets: Socket[] = [];
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => {
        received.push(chunk);
        arrived();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const publisher = new EventsPublisher({ tcp: { host: '127.0.0.1', port } });
    try {
      await publisher.publish('order.created', { orderId: 'o-1' });
      await arrival;
      expect(Buffer.concat(received).toString()).toContain('"pattern":"order.created"');
    } finally {
      await publisher.onApplicationShutdown();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never rejects when nothing listens', async () => {
    const publisher = new EventsPublisher({ tcp: { host: '127.0.0.1', port: 9 } });
    await expect(publisher.publish('order.created', { orderId: 'o-1' })).resolves.toBeUndefined();
    await publisher.onApplicationShutdown();
  });
});
