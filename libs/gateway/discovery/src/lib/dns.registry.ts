import { promises as dns, SrvRecord } from 'node:dns';
import { InstanceSpec } from './service-registry';
import { PollingServiceRegistry } from './polling.registry';

/** A service found through DNS: a host's A records with a fixed port, or a name's SRV records. */
export type DnsTarget = { kind: 'dns'; host: string; port: number } | { kind: 'dns-srv'; name: string };

/** The DNS queries the {@link DnsServiceRegistry} needs; `dns.promises.Resolver` by default. */
export interface DnsResolver {
  resolve4(host: string): Promise<string[]>;
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

/** Options of the {@link DnsServiceRegistry}. */
export interface DnsServiceRegistryOptions {
  /** How often every name is resolved again. */
  intervalMs: number;
  /** DNS servers (`ip` or `ip:port`) instead of the system's. */
  servers?: readonly string[];
  /** Answers the queries instead of a `dns.promises.Resolver`. */
  resolver?: DnsResolver;
}

/**
 * Instances from DNS, resolved again every `intervalMs`, for Kubernetes headless services and the
 * like. `dns` targets give `http://<A record>:<port>`; `dns-srv` targets resolve the SRV records,
 * keep the lowest priority, and give `http://<A record of each target>:<SRV port>` with the SRV
 * weight as the instance weight. Failures and empty answers keep the last good list.
 *
 * @example
 * new DnsServiceRegistry({ users: { kind: 'dns-srv', name: '_http._tcp.users.shop.svc.cluster.local' } }, { intervalMs: 5000 })
 */
export class DnsServiceRegistry extends PollingServiceRegistry {
  private readonly resolver: DnsResolver;

  constructor(
    private readonly targets: Readonly<Record<string, DnsTarget>>,
    options: DnsServiceRegistryOptions,
  ) {
    super(Object.keys(targets), options.intervalMs, true);
    this.resolver = options.resolver ?? systemResolver(options.servers);
  }

  protected async lookup(service: string): Promise<readonly InstanceSpec[]> {
    const target = this.targets[service];
    if (target.kind === 'dns') {
      return (await this.resolver.resolve4(target.host)).map((address) => ({ origin: `http://${address}:${target.port}` }));
    }
    const records = await this.resolver.resolveSrv(target.name);
    const priority = Math.min(...records.map((record) => record.priority));
    const chosen = records.filter((record) => record.priority === priority);
    // A target that does not resolve is left out; the others still count.
    const resolved = await Promise.allSettled(
      chosen.map(async (record) =>
        (await this.resolver.resolve4(record.name)).map((address) => ({
          origin: `http://${address}:${record.port}`,
          ...(record.weight > 0 && { weight: record.weight }),
        })),
      ),
    );
    return resolved.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  }

  protected describe(service: string): string {
    const target = this.targets[service];
    return target.kind === 'dns' ? `A ${target.host}` : `SRV ${target.name}`;
  }
}

function systemResolver(servers: readonly string[] | undefined): DnsResolver {
  const resolver = new dns.Resolver({ timeout: 2_000, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers([...servers]);
  return resolver;
}
