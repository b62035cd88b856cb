export { HealthModule } from './lib/health.module';
export { HealthOptions, ReadinessDependency } from './lib/health.options';
export { ReadinessService } from './lib/readiness.service';
