import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectServiceRegistry, ServiceInstance, ServiceRegistry } from './service-registry';
import { DISCOVERY_OPTIONS, DiscoveryOptions } from './discovery.options';

/**
 * Probes every instance's health path on an interval and marks it healthy or not. The first round
 * completes before the application starts, so readiness is truthful from the first request.
 */
@Injectable()
export class ActiveHealthChecker implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Discovery');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectServiceRegistry() private readonly registry: ServiceRegistry,
    @Inject(DISCOVERY_OPTIONS) private readonly options: DiscoveryOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.options.healthCheck.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs one round of checks over every instance of every service. */
  async checkAll(): Promise<void> {
    const instances = this.registry.services().flatMap((service) =>
      this.registry.instances(service).map((instance) => ({ service, instance })),
    );
    await Promise.all(instances.map(({ service, instance }) => this.check(service, instance)));
  }

  private async check(service: string, instance: ServiceInstance): Promise<void> {
    const { path, timeoutMs } = this.options.healthCheck;
    let healthy: boolean;
    try {
      const response = await fetch(instance.origin + path, { signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      healthy = response.ok;
    } catch {
      healthy = false;
    }
    if (healthy !== instance.healthy) {
      this.logger.warn(`${service} instance ${instance.id} is now ${healthy ? 'healthy' : 'unhealthy'}`);
    }
    instance.healthy = healthy;
  }
}
