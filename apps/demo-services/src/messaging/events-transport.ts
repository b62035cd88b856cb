import {
  NatsOptions,
  TcpClientOptions,
  TcpOptions,
  Transport,
} from '@nestjs/microservices';

/** Where `order.created` events travel: a NATS server, or the notifications TCP listener. */
export type EventsTransport =
  { kind: 'nats'; url: string } | { kind: 'tcp'; host: string; port: number };

/** Nest transport options valid for both the event consumer (server) and publisher (client). */
export type EventsTransportOptions =
  NatsOptions | (TcpOptions & TcpClientOptions);

/** Nest transport options of the given events transport. */
export function eventsTransportOptions(
  transport: EventsTransport,
): EventsTransportOptions {
  return transport.kind === 'nats'
    ? { transport: Transport.NATS, options: { servers: [transport.url] } }
    : {
        transport: Transport.TCP,
        options: { host: transport.host, port: transport.port },
      };
}

/** Human-readable address of the transport. */
export function eventsTransportUrl(transport: EventsTransport): string {
  return transport.kind === 'nats'
    ? transport.url
    : `tcp://${transport.host}:${transport.port}`;
}
