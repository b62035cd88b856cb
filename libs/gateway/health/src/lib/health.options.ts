/** Options of the health module. */
export interface HealthOptions {
  /** Services that must have a healthy instance for the BFF to be ready. */
  requiredServices: readonly string[];
}

/** Injection token of the {@link HealthOptions}. */
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
