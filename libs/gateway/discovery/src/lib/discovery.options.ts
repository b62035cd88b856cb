import { DnsTarget } from './dns.registry';
import { InstanceSpec } from './service-registry';

/** Where one service's instances come from. */
export type ServiceSource = { kind: 'static'; instances: readonly InstanceSpec[] } | DnsTarget | { kind: 'redis' };

/** Options of the discovery module. */
export interface DiscoveryOptions {
  /**
   * Each service's source, e.g. `{ users: { kind: 'static', instances: [{ origin: 'http://127.0.0.1:4001' }] },
   * orders: { kind: 'dns-srv', name: '_http._tcp.orders.shop.svc.cluster.local' } }`.
   */
  services: Readonly<Record<string, ServiceSource>>;
  /** How often DNS names are resolved again and the Redis registry is read. Default 5000 ms. */
  refreshMs?: number;
  /** DNS servers (`ip` or `ip:port`) instead of the system's. */
  dnsServers?: readonly string[];
  /** The Redis registry; required when a service's source is `redis`. */
  redis?: { url: string; keyPrefix: string };
  /** Active health checking: `GET <instance><path>` every `intervalMs`, failing after `timeoutMs`. */
  healthCheck: { path: string; intervalMs: number; timeoutMs: number };
}

/** Injection token of the {@link DiscoveryOptions}. */
export const DISCOVERY_OPTIONS = Symbol('DISCOVERY_OPTIONS');
