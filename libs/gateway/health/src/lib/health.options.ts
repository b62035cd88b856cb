import type { InjectionToken } from '@nestjs/common';

/** Options of the health module. */
export interface HealthOptions {
  /** Services that must have a healthy instance for the BFF to be ready. */
  requiredServices: readonly string[];
  /**
   * Injection tokens of further dependencies without which the BFF is not ready (e.g. the Redis
   * rate-limit store when `REDIS_URL` is set); each must resolve to a {@link ReadinessDependency}.
   */
  dependencies?: readonly InjectionToken[];
}

/** A dependency other than an upstream service that readiness waits for, e.g. Redis. */
export interface ReadinessDependency {
  /** The name readiness reports it under, e.g. `redis`. */
  readonly readinessName: string;
  /** Whether it answers now. Must settle promptly and never throw. */
  isReady(): Promise<boolean>;
}

/** Injection token of the {@link HealthOptions}. */
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
