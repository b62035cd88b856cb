import { connect, NatsConnection } from 'nats';
import { createServer, Server, Socket } from 'node:net';
import { GatewayMetrics } from '@bff/gateway-observability';
import { freePort } from '@bff/gateway-testing';
import { EventsOptions, EventsPublisher } from './events.publisher';

const NATS_URL = 'nats://127.0.0.1:4222';

async function breakerGauge(metrics: GatewayMetrics): Promise<string | undefined> {
  return /^circuit_breaker_state\{[^}]*service="events"[^}]*\} (\d+)$/m.exec((await metrics.scrape()).body)?.[1];
}

function listen(port: number, onSocket: (socket: Socket) => void): Promise<Server> {
  const server = createServer(onSocket);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe('EventsPublisher over NATS', () => {
  let nats: NatsConnection;
  let publisher: EventsPublisher;
  const metrics = new GatewayMetrics('web');

  beforeAll(async () => {
    nats = await connect({ servers: NATS_URL });
    publisher = new EventsPublisher({ natsUrl: NATS_URL, tcp: { host: '127.0.0.1', port: 9 } }, metrics);
  });

  afterAll(async () => {
    await publisher.onApplicationShutdown();
    await nats.close();
  });

  it('publishes the event under its pattern as a Nest event, the events breaker reported closed', async () => {
    const subject = `test.events.${process.pid}.${Date.now()}`;
    const subscription = nats.subscribe(subject, { max: 1 });
    await nats.flush();
    await publisher.publish(subject, { orderId: 'o-9' });
    for await (const message of subscription) {
      expect(JSON.parse(new TextDecoder().decode(message.data))).toMatchObject({ pattern: subject, data: { orderId: 'o-9' } });
    }
    expect(subscription.getProcessed()).toBe(1);
    expect(publisher.breakerState).toBe('closed');
    expect(await breakerGauge(metrics)).toBe('0');
  });
});

describe('EventsPublisher over TCP', () => {
  const tcpOptions = (port: number): EventsOptions => ({ tcp: { host: '127.0.0.1', port }, breaker: { volume: 2, errorPercent: 50, resetMs: 60_000 } });

  it('sends the event to the TCP listener', async () => {
    const received: Buffer[] = [];
    const sockets: Socket[] = [];
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const server = await listen(0, (socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => {
        received.push(chunk);
        arrived();
      });
    });
    const port = (server.address() as { port: number }).port;
    const publisher = new EventsPublisher(tcpOptions(port), new GatewayMetrics('web'));
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
    const publisher = new EventsPublisher(tcpOptions(await freePort()), new GatewayMetrics('web'));
    await expect(publisher.publish('order.created', { orderId: 'o-1' })).resolves.toBeUndefined();
    await publisher.onApplicationShutdown();
  });

  it('opens the events breaker after failed publishes, then skips publishing without connecting', async () => {
    const port = await freePort();
    const metrics = new GatewayMetrics('web');
    const publisher = new EventsPublisher(tcpOptions(port), metrics);
    let connections = 0;
    let server: Server | undefined;
    try {
      for (let i = 0; i < 3; i++) await expect(publisher.publish('order.created', { orderId: `o-${i}` })).resolves.toBeUndefined();
      expect(publisher.breakerState).toBe('open');
      expect(await breakerGauge(metrics)).toBe('2');

      server = await listen(port, () => connections++);
      await expect(publisher.publish('order.created', { orderId: 'o-late' })).resolves.toBeUndefined();
      await publisher.onApplicationShutdown();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
      expect(connections).toBe(0);
    } finally {
      await publisher.onApplicationShutdown();
      if (server) await new Promise((resolve) => server?.close(resolve));
    }
  });

});
