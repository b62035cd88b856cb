import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { DependenciesHealthIndicator } from './dependencies.health';
import { HEALTH_OPTIONS, HealthOptions } from './health.options';
import { UpstreamsHealthIndicator } from './upstreams.health';

/**
 * Whether this BFF should receive traffic: every required service has a healthy instance, every
 * configured dependency (e.g. Redis) answers, and shutdown has not begun. Reports the verdict; it
 * never throws.
 */
@Injectable()
export class ReadinessService {
  private draining = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly upstreams: UpstreamsHealthIndicator,
    private readonly dependencies: DependenciesHealthIndicator,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /** From now on readiness is 503: called when shutdown begins. */
  beginShutdown(): void {
    this.draining = true;
  }

  /** Whether shutdown has begun: answers should then ask clients to close their connections. */
  get shuttingDown(): boolean {
    return this.draining;
  }

  /** The readiness report, `status: 'ok'` or `'error'` (or `'shutting_down'`). */
  async check(): Promise<HealthCheckResult> {
    if (this.draining) return { status: 'shutting_down', info: {}, error: {}, details: {} };
    try {
      return await this.health.check([
        ...this.options.requiredServices.map((service) => () => this.upstreams.check(service)),
        ...this.dependencies.checks(),
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }
}
