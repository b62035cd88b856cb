import type { ServiceInstance } from '@bff/gateway-discovery';
import { isEjected, statsOf } from './instance-stats';

/** Passive outlier detection: consecutive failures eject an instance for a while. */
export interface OutlierOptions {
  /** Failures in a row that eject an instance (Envoy's `consecutive_5xx`), default 5. */
  consecutiveFailures?: number;
  /** Ejection time of a first ejection; the n-th ejection lasts n times as long, default 10 s. */
  baseEjectionMs?: number;
  /** Upper bound of one ejection, default 5 min. */
  maxEjectionMs?: number;
}

/**
 * Counts failures in a row per instance and ejects an instance that reaches the threshold, for
 * `base x (times ejected)` capped at the maximum (Envoy's outlier detection). The last available
 * instance of a service is never ejected; an ejected instance returns by itself when its time is up.
 */
export class OutlierDetector {
  private readonly threshold: number;
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(options: OutlierOptions = {}) {
    this.threshold = options.consecutiveFailures ?? 5;
    this.baseMs = options.baseEjectionMs ?? 10_000;
    this.maxMs = options.maxEjectionMs ?? 300_000;
  }

  /** A successful attempt: the run of failures ends. */
  success(instance: ServiceInstance): void {
    statsOf(instance).consecutiveFailures = 0;
  }

  /**
   * A failed attempt on `instance`, one of `instances` of its service. Answers the ejection time in
   * milliseconds when this failure ejected it, 0 otherwise.
   */
  failure(instance: ServiceInstance, instances: readonly ServiceInstance[], now = Date.now()): number {
    const stats = statsOf(instance);
    stats.consecutiveFailures++;
    if (stats.consecutiveFailures < this.threshold || stats.ejectedUntil > now) return 0;
    if (!instances.some((other) => other !== instance && other.healthy && !isEjected(other, now))) return 0;
    stats.ejections++;
    stats.consecutiveFailures = 0;
    const duration = Math.min(this.baseMs * stats.ejections, this.maxMs);
    stats.ejectedUntil = now + duration;
    return duration;
  }
}
