import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependenciesHealthIndicator } from './dependencies.health';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, HealthOptions } from './health.options';
import { ReadinessService } from './readiness.service';
import { UpstreamsHealthIndicator } from './upstreams.health';

/**
 * `/health/live` and `/health/ready` for one BFF (terminus), and the {@link ReadinessService}
 * the management port and shutdown use. Needs the discovery module.
 *
 * @example
 * HealthModule.forRoot({ requiredServices: ['users', 'orders'] })
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, UpstreamsHealthIndicator, DependenciesHealthIndicator, ReadinessService],
      exports: [ReadinessService],
    };
  }
}
