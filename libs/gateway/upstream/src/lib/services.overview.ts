import { Injectable } from '@nestjs/common';
import { InjectServiceRegistry, ServiceRegistry } from '@bff/gateway-discovery';
import { BreakerState, isEjected, statsOf } from '@bff/gateway-resilience';
import { UpstreamClient } from './upstream.client';

/** One instance as operators see it. */
export interface InstanceOverview {
  id: string;
  origin: string;
  healthy: boolean;
  /** Ejected by passive outlier detection right now. */
  ejected: boolean;
  inFlight: number;
  requests: number;
  errors: number;
  weight?: number;
  version?: string;
  zone?: string;
}

/** One service as operators see it. */
export interface ServiceOverview {
  name: string;
  breaker: BreakerState;
  inFlight: number;
  requests: number;
  errors: number;
  instances: InstanceOverview[];
}

/** The live state of every upstream service: instances, health, ejection, breaker, load. */
@Injectable()
export class ServicesOverview {
  constructor(
    @InjectServiceRegistry() private readonly registry: ServiceRegistry,
    private readonly client: UpstreamClient,
  ) {}

  /** Every known service, in registry order. */
  services(): ServiceOverview[] {
    const now = Date.now();
    return this.registry.services().map((name) => ({
      name,
      ...this.client.traffic(name),
      instances: this.registry.instances(name).map((instance) => {
        const { inFlight, requests, errors } = statsOf(instance);
        const { id, origin, healthy, weight, version, zone } = instance;
        return { id, origin, healthy, ejected: isEjected(instance, now), inFlight, requests, errors, weight, version, zone };
      }),
    }));
  }
}
