import { Injectable } from '@nestjs/common';
import { InjectServiceRegistry, ServiceInstance, ServiceRegistry } from './service-registry';

/**
 * Picks the next instance of a service in turn among the healthy ones. When none is healthy it
 * picks among all (Envoy's panic mode): a wrong health verdict must not take a service down.
 */
@Injectable()
export class RoundRobinBalancer {
  private readonly cursors = new Map<string, number>();

  constructor(@InjectServiceRegistry() private readonly registry: ServiceRegistry) {}

  /**
   * The next instance, skipping the ids in `exclude` while others remain (used to retry elsewhere);
   * `undefined` when the service has no instance at all.
   */
  pick(service: string, exclude?: ReadonlySet<string>): ServiceInstance | undefined {
    const all = this.registry.instances(service);
    if (all.length === 0) return undefined;
    const healthy = all.filter((instance) => instance.healthy);
    let candidates = healthy.length > 0 ? healthy : all;
    if (exclude && exclude.size > 0) {
      const fresh = candidates.filter((instance) => !exclude.has(instance.id));
      if (fresh.length > 0) candidates = fresh;
    }
    const cursor = this.cursors.get(service) ?? 0;
    this.cursors.set(service, cursor + 1);
    return candidates[cursor % candidates.length];
  }
}
