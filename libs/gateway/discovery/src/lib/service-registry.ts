import { Inject } from '@nestjs/common';

/** What a source knows about one instance: where it is and its optional metadata. */
export interface InstanceSpec {
  /** Base URL, `http(s)://host:port`. */
  readonly origin: string;
  /** Relative share of traffic for weighted balancing (e.g. an SRV record's weight). */
  readonly weight?: number;
  /** Version label, e.g. `v2` (canary routing). */
  readonly version?: string;
  /** Zone label, e.g. `eu-1`. */
  readonly zone?: string;
}

/** One reachable instance of an upstream service. */
export interface ServiceInstance extends InstanceSpec {
  /** Stable id, unique within the service: its origin. */
  readonly id: string;
  /** Result of the latest health check; instances start healthy. */
  healthy: boolean;
  /** Share of traffic relative to the service's other instances (weighted balancing), default 1. */
  weight?: number;
  /** Release of the software it runs, e.g. for a canary split. */
  version?: string;
  /** Zone or data centre it runs in. */
  zone?: string;
}

/**
 * Where the instances of each upstream service come from: the static list of the BFF's config
 * ({@link StaticServiceRegistry}), DNS A/SRV records ({@link DnsServiceRegistry}) or the Redis
 * registry ({@link RedisServiceRegistry}). Lists of dynamic sources change while the BFF runs:
 * ask `instances()` each time instead of keeping its answer. An instance whose origin stays in
 * the list stays the same object, so its health survives refreshes.
 */
export interface ServiceRegistry {
  /** Names of every known service. */
  services(): readonly string[];
  /** Every instance of a service right now, healthy or not; empty for an unknown service. */
  instances(service: string): readonly ServiceInstance[];
}

/** Injection token of the {@link ServiceRegistry}. */
export const ServiceRegistry = Symbol('ServiceRegistry');

/** Injects the {@link ServiceRegistry}. */
export const InjectServiceRegistry = (): ParameterDecorator => Inject(ServiceRegistry);

const sameMetadata = (a: InstanceSpec, b: InstanceSpec): boolean => a.weight === b.weight && a.version === b.version && a.zone === b.zone;

/**
 * The instance lists of a set of services, replaced wholesale by a source's refresh. An instance
 * whose origin persists keeps its object (and so its health) unless its metadata changed, in which
 * case the new object carries the old health over.
 */
export class InstanceTable {
  private readonly byService = new Map<string, readonly ServiceInstance[]>();

  constructor(services: readonly string[]) {
    for (const service of services) this.byService.set(service, []);
  }

  /** Names of every service of the table. */
  services(): readonly string[] {
    return [...this.byService.keys()];
  }

  /** The current instances of a service; empty for an unknown service. */
  instances(service: string): readonly ServiceInstance[] {
    return this.byService.get(service) ?? [];
  }

  /** Replaces a service's instances (first of each origin wins); returns whether the origins changed. */
  replace(service: string, specs: readonly InstanceSpec[]): boolean {
    const previous = new Map(this.instances(service).map((instance) => [instance.id, instance]));
    const next = new Map<string, ServiceInstance>();
    for (const spec of specs) {
      const origin = spec.origin.replace(/\/$/, '');
      if (next.has(origin)) continue;
      const old = previous.get(origin);
      const instance = old && sameMetadata(old, spec) ? old : { ...metadataOf(spec), id: origin, origin, healthy: old?.healthy ?? true };
      next.set(origin, instance);
    }
    this.byService.set(service, [...next.values()]);
    return next.size !== previous.size || [...next.keys()].some((origin) => !previous.has(origin));
  }
}

function metadataOf(spec: InstanceSpec): Omit<InstanceSpec, 'origin'> {
  return {
    ...(spec.weight !== undefined && { weight: spec.weight }),
    ...(spec.version !== undefined && { version: spec.version }),
    ...(spec.zone !== undefined && { zone: spec.zone }),
  };
}

/**
 * A registry of fixed instance lists: base URLs or {@link InstanceSpec}s with metadata.
 *
 * @example
 * new StaticServiceRegistry({ users: ['http://127.0.0.1:4001'], products: [{ origin: 'http://10.0.0.7:4003', version: 'v2' }] })
 */
export class StaticServiceRegistry implements ServiceRegistry {
  private readonly table: InstanceTable;

  constructor(services: Readonly<Record<string, readonly (string | InstanceSpec)[]>>) {
    this.table = new InstanceTable(Object.keys(services));
    for (const [service, entries] of Object.entries(services)) {
      this.table.replace(
        service,
        entries.map((entry) => (typeof entry === 'string' ? { origin: entry } : entry)),
      );
    }
  }

  services(): readonly string[] {
    return this.table.services();
  }

  instances(service: string): readonly ServiceInstance[] {
    return this.table.instances(service);
  }
}
