import { Logger } from '@nestjs/common';
import { createFailFastRedis, waitForFirstConnection } from '@bff/gateway-redis';
import type Redis from 'ioredis';
import { InstanceSpec } from './service-registry';
import { PollingServiceRegistry } from './polling.registry';
import { HEARTBEAT_SCRIPT, LIVE_INSTANCES_SCRIPT } from './redis-registry.lua';

/** The key prefix BFFs read and demo-services registers under. */
export const REDIS_REGISTRY_PREFIX = 'bff:discovery:';

/** Where the Redis registry lives; shared by the registry (readers) and the registrations. */
export interface RedisRegistryConnection {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Prefix of the keys: one sorted set `<keyPrefix><service>` per service, e.g. `bff:discovery:`. */
  keyPrefix: string;
}

/** Options of the {@link RedisServiceRegistry}. */
export interface RedisServiceRegistryOptions extends RedisRegistryConnection {
  /** How often the registry is read. */
  intervalMs: number;
}

interface WithScripts {
  bffLiveInstances(numberOfKeys: number, ...keys: string[]): Promise<string[][]>;
  bffHeartbeat(key: string, member: string, ttlMs: number): Promise<number>;
}

function connect(url: string, logger: Logger): Redis & WithScripts {
  const redis = createFailFastRedis({ url, commandTimeoutMs: 2_000, logger, unreachable: 'Redis registry unreachable' });
  redis.defineCommand('bffLiveInstances', { lua: LIVE_INSTANCES_SCRIPT });
  redis.defineCommand('bffHeartbeat', { lua: HEARTBEAT_SCRIPT, numberOfKeys: 1 });
  return redis as Redis & WithScripts;
}

/** A stored member as an instance; `undefined` for anything malformed (never trusted blindly). */
function instanceOf(member: string): InstanceSpec | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(member) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { origin, weight, version, zone } = value ?? {};
  if (typeof origin !== 'string' || !/^https?:\/\/[^/\s]+$/.test(origin)) return undefined;
  return {
    origin,
    ...(typeof weight === 'number' && weight > 0 && { weight }),
    ...(typeof version === 'string' && { version }),
    ...(typeof zone === 'string' && { zone }),
  };
}

/**
 * Instances that registered themselves in Redis ({@link RedisServiceRegistration}), read every
 * `intervalMs`. Each service is a sorted set `<keyPrefix><service>` whose members are instances
 * (JSON: origin and metadata) scored by their expiry time on the Redis clock; an instance that
 * stops heartbeating drops out once its TTL has passed, one that deregisters at the next read.
 * Redis being unreachable keeps the last good lists; a service whose every instance has gone is empty.
 */
export class RedisServiceRegistry extends PollingServiceRegistry {
  private readonly redis: Redis & WithScripts;

  constructor(
    services: readonly string[],
    private readonly options: RedisServiceRegistryOptions,
  ) {
    super(services, options.intervalMs, false);
    this.redis = connect(options.url, this.logger);
  }

  override async start(): Promise<void> {
    await waitForFirstConnection(this.redis, 1_000);
    await super.start();
  }

  protected async lookup(service: string): Promise<readonly InstanceSpec[]> {
    const [members] = await this.redis.bffLiveInstances(1, this.options.keyPrefix + service);
    return members.map(instanceOf).filter((instance): instance is InstanceSpec => instance !== undefined);
  }

  protected describe(service: string): string {
    return `the Redis registry ${this.options.keyPrefix}${service}`;
  }

  override onApplicationShutdown(): void {
    super.onApplicationShutdown();
    this.redis.disconnect();
  }
}

/** One instance a process announces: its service and where it answers. */
export interface Registration {
  service: string;
  instance: InstanceSpec;
}

/** Options of a {@link RedisServiceRegistration}. */
export interface RedisServiceRegistrationOptions extends RedisRegistryConnection {
  /** How long an instance stays listed without a heartbeat; heartbeats come every third of it. */
  ttlMs: number;
}

/**
 * Announces a process's instances in the Redis registry: a heartbeat every `ttlMs / 3` keeps each
 * listed, `stop()` removes them at once; a process that dies silently drops out after `ttlMs`.
 * Redis being unreachable is logged, never thrown; heartbeats resume when it returns.
 *
 * @example
 * const registration = new RedisServiceRegistration({ url, keyPrefix: 'bff:discovery:', ttlMs: 10_000 },
 *   [{ service: 'users', instance: { origin: 'http://10.0.0.5:4001' } }]);
 * await registration.start();
 * // on shutdown:
 * await registration.stop();
 */
export class RedisServiceRegistration {
  private readonly logger = new Logger('Registration');
  private readonly redis: Redis & WithScripts;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: RedisServiceRegistrationOptions,
    private readonly registrations: readonly Registration[],
  ) {
    this.redis = connect(options.url, this.logger);
  }

  /** Sends the first heartbeat, then one every `ttlMs / 3`. */
  async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), Math.max(Math.floor(this.options.ttlMs / 3), 1));
    this.timer.unref();
  }

  /** Renews every instance once (waiting at most a second for a connection); failures are logged. */
  async heartbeat(): Promise<void> {
    await waitForFirstConnection(this.redis, 1_000);
    try {
      await Promise.all(this.registrations.map(({ service, instance }) => this.redis.bffHeartbeat(this.keyOf(service), memberOf(instance), this.options.ttlMs)));
    } catch (error) {
      this.logger.warn(`heartbeat failed: ${(error as Error).message}`);
    }
  }

  /** Stops heartbeating, removes every instance from the registry and closes the connection. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    try {
      await Promise.all(this.registrations.map(({ service, instance }) => this.redis.zrem(this.keyOf(service), memberOf(instance))));
    } catch (error) {
      this.logger.warn(`deregistration failed, the instances expire on their own: ${(error as Error).message}`);
    }
    this.redis.disconnect();
  }

  private keyOf(service: string): string {
    return this.options.keyPrefix + service;
  }
}

/** The stored form of an instance: fixed key order, so every heartbeat renews the same member. */
function memberOf(instance: InstanceSpec): string {
  return JSON.stringify({ origin: instance.origin, weight: instance.weight, version: instance.version, zone: instance.zone });
}
