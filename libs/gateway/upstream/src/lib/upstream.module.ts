import { DynamicModule, Module } from '@nestjs/common';
import { ServiceRegistry } from '@bff/gateway-discovery';
import { Balancer, BalancingStrategy, CanaryOptions, PolicyBalancer } from '@bff/gateway-resilience';
import { JsonClient } from './json.client';
import { PassThroughProxy } from './pass-through.proxy';
import { ServicesOverview } from './services.overview';
import { UpstreamClient } from './upstream.client';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';

function balancerFor(registry: ServiceRegistry, options: UpstreamOptions): PolicyBalancer {
  const strategies: Record<string, BalancingStrategy> = {};
  const canaries: Record<string, CanaryOptions> = {};
  for (const [service, policy] of Object.entries(options.services ?? {})) {
    if (policy.balancing) strategies[service] = policy.balancing;
    if (policy.canary) canaries[service] = policy.canary;
  }
  return new PolicyBalancer(registry, { strategies, canaries });
}

/**
 * The upstream layer of one BFF: {@link UpstreamClient} for calls a handler composes and
 * {@link PassThroughProxy} for relayed routes, {@link JsonClient} for JSON calls,
 * {@link ServicesOverview} for operators. The {@link Balancer} is a {@link PolicyBalancer} unless a
 * BFF overrides the token. Needs the discovery and observability modules.
 *
 * @example
 * UpstreamModule.forRoot({ client: 'web', timeoutMs: config.upstreamTimeoutMs, breaker: config.breaker })
 */
@Module({})
export class UpstreamModule {
  static forRoot(options: UpstreamOptions): DynamicModule {
    return {
      module: UpstreamModule,
      global: true,
      providers: [
        { provide: UPSTREAM_OPTIONS, useValue: options },
        { provide: Balancer, useFactory: (registry: ServiceRegistry) => balancerFor(registry, options), inject: [ServiceRegistry] },
        UpstreamClient,
        PassThroughProxy,
        JsonClient,
        ServicesOverview,
      ],
      exports: [Balancer, UpstreamClient, PassThroughProxy, JsonClient, ServicesOverview],
    };
  }
}
