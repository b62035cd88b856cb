import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectServiceRegistry, ServiceRegistry } from '@bff/gateway-discovery';

/** Reports a service up while at least one of its instances is healthy. */
@Injectable()
export class UpstreamsHealthIndicator {
  constructor(
    @InjectServiceRegistry() private readonly registry: ServiceRegistry,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** The state of one service, keyed by its name. */
  check(service: string): HealthIndicatorResult {
    const instances = this.registry.instances(service);
    const healthy = instances.filter((instance) => instance.healthy).length;
    const indicator = this.indicators.check(service);
    const details = { instances: instances.length, healthy };
    return healthy > 0 ? indicator.up(details) : indicator.down(details);
  }
}
