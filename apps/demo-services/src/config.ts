import { EventsTransport } from './messaging/events-transport';

/** Validated settings of every demo service. */
export interface DemoConfig {
  usersPort: number;
  ordersPort: number;
  productsPorts: number[];
  inventoryUrl: string;
  events: EventsTransport;
  /** When `REDIS_URL` is set: the HTTP services register there, reachable at `ADVERTISE_HOST`. */
  registry?: { url: string; advertiseHost: string };
}

/** A malformed environment variable; its message is meant for a single stderr line. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;
type PortUse = [variable: string, port: number];

const PORT_PATTERN = /^\d{1,5}$/;
const HOST_PORT_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/;

/** Reads and validates the configuration; throws {@link ConfigError} on the first bad variable. */
export function loadConfig(env: Env): DemoConfig {
  const usersPort = port(env, 'USERS_PORT', 4001);
  const ordersPort = port(env, 'ORDERS_PORT', 4002);
  const productsPorts = portList(env, 'PRODUCTS_PORTS', [4003, 4013]);
  const inventory = hostPort(env, 'INVENTORY_URL', '0.0.0.0:50051');
  const natsUrl = read(env, 'NATS_URL');
  const events: EventsTransport = natsUrl
    ? { kind: 'nats', url: nats('NATS_URL', natsUrl) }
    : {
        kind: 'tcp',
        host: '127.0.0.1',
        port: port(env, 'NOTIFICATIONS_PORT', 4004),
      };
  const redisUrl = read(env, 'REDIS_URL');
  const registry = redisUrl
    ? {
        url: redis('REDIS_URL', redisUrl),
        advertiseHost: host(env, 'ADVERTISE_HOST', '127.0.0.1'),
      }
    : undefined;
  assertDistinctPorts([
    ['USERS_PORT', usersPort],
    ['ORDERS_PORT', ordersPort],
    ...productsPorts.map((value): PortUse => ['PRODUCTS_PORTS', value]),
    ['INVENTORY_URL', inventory.port],
    ...(events.kind === 'tcp'
      ? [['NOTIFICATIONS_PORT', events.port] as PortUse]
      : []),
  ]);
  return {
    usersPort,
    ordersPort,
    productsPorts,
    inventoryUrl: inventory.url,
    events,
    ...(registry && { registry }),
  };
}

function read(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

function isPort(value: string): boolean {
  return PORT_PATTERN.test(value) && +value >= 1 && +value <= 65535;
}

function port(env: Env, name: string, fallback: number): number {
  const value = read(env, name);
  if (value === undefined) {
    return fallback;
  }
  if (!isPort(value)) {
    throw new ConfigError(
      `${name} must be a port number between 1 and 65535, got ${JSON.stringify(value)}`,
    );
  }
  return +value;
}

function portList(env: Env, name: string, fallback: number[]): number[] {
  const value = read(env, name);
  if (value === undefined) {
    return fallback;
  }
  const ports = value.split(',').map((part) => part.trim());
  if (!ports.every(isPort)) {
    throw new ConfigError(
      `${name} must be a comma-separated list of port numbers between 1 and 65535, got ${JSON.stringify(value)}`,
    );
  }
  return ports.map(Number);
}

function hostPort(
  env: Env,
  name: string,
  fallback: string,
): { url: string; port: number } {
  const url = read(env, name) ?? fallback;
  const match = HOST_PORT_PATTERN.exec(url);
  if (!match || !isPort(match[2])) {
    throw new ConfigError(
      `${name} must be host:port (e.g. 0.0.0.0:50051), got ${JSON.stringify(url)}`,
    );
  }
  return { url, port: +match[2] };
}

function nats(name: string, value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['nats:', 'tls:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError(
      `${name} must be a nats:// URL (e.g. nats://127.0.0.1:4222), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function redis(name: string, value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError(
      `${name} must be a redis:// URL (e.g. redis://127.0.0.1:6379), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function host(env: Env, name: string, fallback: string): string {
  const value = read(env, name) ?? fallback;
  if (!/^[A-Za-z0-9.-]{1,253}$/.test(value)) {
    throw new ConfigError(
      `${name} must be a host name or IPv4 address the BFFs can reach, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function assertDistinctPorts(uses: PortUse[]): void {
  const owners = new Map<number, string>();
  for (const [name, value] of uses) {
    const owner = owners.get(value);
    if (owner) {
      throw new ConfigError(
        `${name} must not reuse port ${value}, already used by ${owner}`,
      );
    }
    owners.set(value, name);
  }
}
