import {
  REDIS_REGISTRY_PREFIX,
  RedisServiceRegistration,
  Registration,
} from '@bff/gateway-discovery';
import { DemoConfig } from '../config';

/** How long an instance stays listed after its process stops heartbeating. */
const TTL_MS = 10_000;

/**
 * Every HTTP service of this process as the BFFs should reach it; the products instances carry
 * versions `v1`, `v2`, ... in port order, for canary routing.
 */
export function registrationsOf(
  config: DemoConfig,
  advertiseHost: string,
): Registration[] {
  const at = (port: number) => `http://${advertiseHost}:${port}`;
  return [
    { service: 'users', instance: { origin: at(config.usersPort) } },
    { service: 'orders', instance: { origin: at(config.ordersPort) } },
    ...config.productsPorts.map((port, index) => ({
      service: 'products',
      instance: { origin: at(port), version: `v${index + 1}` },
    })),
  ];
}

/**
 * Registers the HTTP services in the Redis registry the BFFs read with `DISCOVERY=redis`, with a
 * heartbeat; `undefined` when `REDIS_URL` is unset. Stop it before the services close.
 */
export async function registerServices(
  config: DemoConfig,
): Promise<RedisServiceRegistration | undefined> {
  if (!config.registry) {
    return undefined;
  }
  const registration = new RedisServiceRegistration(
    {
      url: config.registry.url,
      keyPrefix: REDIS_REGISTRY_PREFIX,
      ttlMs: TTL_MS,
    },
    registrationsOf(config, config.registry.advertiseHost),
  );
  await registration.start();
  return registration;
}
