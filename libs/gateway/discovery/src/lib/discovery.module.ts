import { DynamicModule, Module } from '@nestjs/common';
import { ActiveHealthChecker } from './active-health.checker';
import { DISCOVERY_OPTIONS, DiscoveryOptions } from './discovery.options';
import { RoundRobinBalancer } from './round-robin.balancer';
import { ServiceRegistry, StaticServiceRegistry } from './service-registry';

/**
 * Service discovery for one BFF: the registry of instances, their active health checks and the
 * balancer that picks one per attempt. Global: imported once per BFF.
 *
 * @example
 * DiscoveryModule.forRoot({ services: config.upstreams, healthCheck: { path: '/health', intervalMs: 5000, timeoutMs: 1000 } })
 */
@Module({})
export class DiscoveryModule {
  static forRoot(options: DiscoveryOptions): DynamicModule {
    return {
      module: DiscoveryModule,
      global: true,
      providers: [
        { provide: DISCOVERY_OPTIONS, useValue: options },
        { provide: ServiceRegistry, useValue: new StaticServiceRegistry(options.services) },
        ActiveHealthChecker,
        RoundRobinBalancer,
      ],
      exports: [ServiceRegistry, RoundRobinBalancer],
    };
  }
}
