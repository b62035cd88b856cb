import { Inject } from '@nestjs/common';

/** One reachable instance of an upstream service. */
export interface ServiceInstance {
  /** Stable id, unique within the service (its origin for static instances). */
  readonly id: string;
  /** Base URL, `http(s)://host:port`. */
  readonly origin: string;
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
 * Where the instances of each upstream service come from. Implementations: the static list of the
 * BFF's config (overridden by `UPSTREAM_<NAME>`); later DNS and Redis sources.
 */
export interface ServiceRegistry {
  /** Names of every known service. */
  services(): readonly string[];
  /** Every instance of a service, healthy or not; empty for an unknown service. */
  instances(service: string): readonly ServiceInstance[];
}

/** Injection token of the {@link ServiceRegistry}. */
export const ServiceRegistry = Symbol('ServiceRegistry');

/** Injects the {@link ServiceRegistry}. */
export const InjectServiceRegistry = (): ParameterDecorator => Inject(ServiceRegistry);

/** A registry of fixed instance lists, e.g. `{ users: ['http://127.0.0.1:4001'] }`. */
export class StaticServiceRegistry implements ServiceRegistry {
  private readonly byService: ReadonlyMap<string, readonly ServiceInstance[]>;

  constructor(services: Readonly<Record<string, readonly string[]>>) {
    this.byService = new Map(
      Object.entries(services).map(([name, origins]) => [
        name,
        origins.map((url) => {
          const origin = url.replace(/\/$/, '');
          return { id: origin, origin, healthy: true };
        }),
      ]),
    );
  }

  services(): readonly string[] {
    return [...this.byService.keys()];
  }

  instances(service: string): readonly ServiceInstance[] {
    return this.byService.get(service) ?? [];
  }
}
