import { DynamicModule, Module } from '@nestjs/common';
import { ActiveHealthChecker } from './active-health.checker';
import { CompositeServiceRegistry, ManagedRegistry } from './composite.registry';
import { DISCOVERY_OPTIONS, DiscoveryOptions, ServiceSource } from './discovery.options';
import { DnsServiceRegistry, DnsTarget } from './dns.registry';
import { RedisServiceRegistry } from './redis.registry';
import { InstanceSpec, ServiceRegistry, StaticServiceRegistry } from './service-registry';

const DEFAULT_REFRESH_MS = 5_000;

/** One registry per kind of source, each for its services; started before the app serves. */
async function createRegistry(options: DiscoveryOptions): Promise<CompositeServiceRegistry> {
  const entries = Object.entries(options.services);
  const ofKind = <K extends ServiceSource['kind']>(...kinds: K[]) =>
    entries.filter((entry): entry is [string, Extract<ServiceSource, { kind: K }>] => (kinds as string[]).includes(entry[1].kind));
  const intervalMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  const parts: ManagedRegistry[] = [];

  const fixed = ofKind('static');
  if (fixed.length > 0) {
    parts.push(new StaticServiceRegistry(Object.fromEntries(fixed.map(([service, source]): [string, readonly InstanceSpec[]] => [service, source.instances]))));
  }
  const dns = ofKind('dns', 'dns-srv');
  if (dns.length > 0) {
    parts.push(new DnsServiceRegistry(Object.fromEntries(dns.map(([service, target]): [string, DnsTarget] => [service, target])), { intervalMs, servers: options.dnsServers }));
  }
  const registered = ofKind('redis');
  if (registered.length > 0) {
    if (!options.redis) throw new Error('DiscoveryModule: a service comes from Redis but no redis option is given');
    parts.push(new RedisServiceRegistry(registered.map(([service]) => service), { ...options.redis, intervalMs }));
  }
  const registry = new CompositeServiceRegistry(parts);
  await registry.start();
  return registry;
}

/**
 * Service discovery for one BFF: the registry of instances (static lists, DNS A/SRV records or the
 * Redis registry, chosen per service) and their active health checks; balancing is the resilience
 * lib's. The first lookups complete before the app serves. Global: imported once per BFF.
 *
 * @example
 * DiscoveryModule.forRoot({
 *   services: { users: { kind: 'dns-srv', name: '_http._tcp.users.shop.svc.cluster.local' } },
 *   refreshMs: 5000,
 *   healthCheck: { path: '/health', intervalMs: 5000, timeoutMs: 1000 },
 * })
 */
@Module({})
export class DiscoveryModule {
  static forRoot(options: DiscoveryOptions): DynamicModule {
    return {
      module: DiscoveryModule,
      global: true,
      providers: [
        { provide: DISCOVERY_OPTIONS, useValue: options },
        { provide: ServiceRegistry, useFactory: () => createRegistry(options) },
        ActiveHealthChecker,
      ],
      exports: [ServiceRegistry],
    };
  }
}
