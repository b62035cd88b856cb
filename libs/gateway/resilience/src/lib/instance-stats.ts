import type { ServiceInstance } from '@bff/gateway-discovery';

/** What the resilience layer tracks about one instance; created on first use, zeroed. */
export interface InstanceStats {
  /** Attempts sent and not yet answered (headers not yet received). */
  inFlight: number;
  /** Attempts sent, in total. */
  requests: number;
  /** Attempts that failed (5xx, timeout, connection error), in total. */
  errors: number;
  /** Failures in a row since the last success. */
  consecutiveFailures: number;
  /** How many times the instance has been ejected. */
  ejections: number;
  /** `Date.now()` until which the instance is ejected (0: not ejected). */
  ejectedUntil: number;
  /** Smooth weighted round-robin state. */
  currentWeight: number;
}

const stats = new WeakMap<ServiceInstance, InstanceStats>();

/** The stats of an instance (kept as long as the instance object lives). */
export function statsOf(instance: ServiceInstance): InstanceStats {
  let found = stats.get(instance);
  if (!found) {
    found = { inFlight: 0, requests: 0, errors: 0, consecutiveFailures: 0, ejections: 0, ejectedUntil: 0, currentWeight: 0 };
    stats.set(instance, found);
  }
  return found;
}

/** Whether an instance is ejected at `now`. */
export function isEjected(instance: ServiceInstance, now: number): boolean {
  return statsOf(instance).ejectedUntil > now;
}
