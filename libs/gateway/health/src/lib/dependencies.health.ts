import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { HEALTH_OPTIONS, HealthOptions, ReadinessDependency } from './health.options';

const isDependency = (value: unknown): value is ReadinessDependency =>
  typeof (value as ReadinessDependency | null)?.readinessName === 'string' && typeof (value as ReadinessDependency).isReady === 'function';

/** Reports each of the {@link HealthOptions.dependencies} up while it answers. */
@Injectable()
export class DependenciesHealthIndicator implements OnModuleInit {
  private dependencies: ReadinessDependency[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  onModuleInit(): void {
    this.dependencies = (this.options.dependencies ?? []).map((token) => {
      const dependency: unknown = this.moduleRef.get(token, { strict: false });
      if (!isDependency(dependency)) throw new Error(`Readiness dependency ${String(token)} has no readinessName and isReady()`);
      return dependency;
    });
  }

  /** One check per dependency, for terminus. */
  checks(): (() => Promise<HealthIndicatorResult>)[] {
    return this.dependencies.map((dependency) => async () => {
      const indicator = this.indicators.check(dependency.readinessName);
      return (await dependency.isReady()) ? indicator.up() : indicator.down();
    });
  }
}
