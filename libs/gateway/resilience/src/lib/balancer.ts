import { Inject } from '@nestjs/common';
import type { ServiceInstance, ServiceRegistry } from '@bff/gateway-discovery';
import { isEjected, statsOf } from './instance-stats';

/** How a service's instances share its traffic. */
export type BalancingStrategy = 'round-robin' | 'weighted-round-robin' | 'least-request';

/** A canary release of a service: its instances carry `version`. */
export interface CanaryOptions {
  /** The `version` of the canary instances. */
  version: string;
  /** Share of users sent to the canary, 0-100, sticky per user id. */
  percent: number;
}

/** What a pick may take into account beyond the service. */
export interface PickOptions {
  /** Ids of instances already tried by this request: avoided while others remain. */
  exclude?: readonly string[];
  /** Send to the service's canary instances (when it has any). */
  canary?: boolean;
}

/** Picks the instance of a service that gets the next attempt. */
export interface Balancer {
  /** An instance of `service`, or `undefined` when it has none at all. */
  pick(service: string, options?: PickOptions): ServiceInstance | undefined;
}

/** Injection token of the {@link Balancer}. */
export const Balancer = Symbol('Balancer');

/** Injects the {@link Balancer}. */
export const InjectBalancer = (): ParameterDecorator => Inject(Balancer);

/** Options of the {@link PolicyBalancer}. */
export interface PolicyBalancerOptions {
  /** Strategy of services not listed in `strategies`, default `least-request`. */
  defaultStrategy?: BalancingStrategy;
  /** Strategy per service. */
  strategies?: Readonly<Record<string, BalancingStrategy>>;
  /** Canary release per service. */
  canaries?: Readonly<Record<string, CanaryOptions>>;
}

const NO_EXCLUDE: readonly string[] = [];

// The common case (every instance up) without allocating.
function allAvailable(instances: readonly ServiceInstance[], now: number): boolean {
  for (const instance of instances) if (!instance.healthy || isEjected(instance, now)) return false;
  return true;
}

// The instances that are healthy and not ejected; the list itself when all are (no allocation).
function available(instances: readonly ServiceInstance[], now: number): readonly ServiceInstance[] {
  return allAvailable(instances, now) ? instances : instances.filter((instance) => instance.healthy && !isEjected(instance, now));
}

function weightOf(instance: ServiceInstance): number {
  return instance.weight !== undefined && instance.weight > 0 ? instance.weight : 1;
}

/**
 * The gateway's {@link Balancer}: per service round-robin, smooth weighted round-robin (instance
 * `weight`) or least-outstanding-requests over two random choices (the default). Instances that are
 * unhealthy or ejected are skipped; when none is left all are used (Envoy's panic mode). A service
 * with a canary sends canary picks to its canary-version instances and the others elsewhere; a side
 * with no instance available (or none at all) borrows the other side's available instances.
 */
export class PolicyBalancer implements Balancer {
  private readonly cursors = new Map<string, number>();
  private readonly defaultStrategy: BalancingStrategy;

  constructor(
    private readonly registry: ServiceRegistry,
    private readonly options: PolicyBalancerOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.defaultStrategy = options.defaultStrategy ?? 'least-request';
  }

  pick(service: string, options?: PickOptions): ServiceInstance | undefined {
    const all = this.registry.instances(service);
    if (all.length <= 1) return all[0];
    const candidates = this.candidates(service, all, options?.exclude ?? NO_EXCLUDE, options?.canary ?? false);
    switch (this.options.strategies?.[service] ?? this.defaultStrategy) {
      case 'round-robin':
        return this.roundRobin(service, candidates);
      case 'weighted-round-robin':
        return this.weighted(candidates);
      default:
        return this.leastRequest(candidates);
    }
  }

  private candidates(
    service: string,
    all: readonly ServiceInstance[],
    exclude: readonly string[],
    canary: boolean,
  ): readonly ServiceInstance[] {
    const split = this.options.canaries?.[service];
    const now = Date.now();
    let pool = all;
    let candidates = available(all, now);
    if (split) {
      const side = all.filter((instance) => (instance.version === split.version) === canary);
      const sideAvailable = available(side, now);
      // A side with no instance available falls back to the other side's available instances.
      if (sideAvailable.length > 0 || candidates.length === 0) {
        pool = side.length > 0 ? side : all;
        candidates = sideAvailable;
      }
    }
    if (candidates.length === 0) candidates = pool;
    if (exclude.length > 0) {
      const fresh = candidates.filter((instance) => !exclude.includes(instance.id));
      if (fresh.length > 0) candidates = fresh;
    }
    return candidates;
  }

  private roundRobin(service: string, candidates: readonly ServiceInstance[]): ServiceInstance {
    const cursor = this.cursors.get(service) ?? 0;
    this.cursors.set(service, cursor + 1);
    return candidates[cursor % candidates.length];
  }

  /** Smooth weighted round-robin (nginx): exact proportions, spread out rather than in bursts. */
  private weighted(candidates: readonly ServiceInstance[]): ServiceInstance {
    let total = 0;
    let best = candidates[0];
    let bestStats = statsOf(best);
    for (const instance of candidates) {
      const weight = weightOf(instance);
      const stats = statsOf(instance);
      stats.currentWeight += weight;
      total += weight;
      if (stats.currentWeight > bestStats.currentWeight) {
        best = instance;
        bestStats = stats;
      }
    }
    bestStats.currentWeight -= total;
    return best;
  }

  /** Power of two choices: the less loaded of two distinct random candidates. */
  private leastRequest(candidates: readonly ServiceInstance[]): ServiceInstance {
    if (candidates.length === 1) return candidates[0];
    const first = Math.floor(this.random() * candidates.length);
    const second = (first + 1 + Math.floor(this.random() * (candidates.length - 1))) % candidates.length;
    const a = candidates[first];
    const b = candidates[second];
    return statsOf(b).inFlight < statsOf(a).inFlight ? b : a;
  }
}

/** FNV-1a, 32 bits: a cheap stable hash for sticky splits. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/**
 * Whether a request belongs to the canary: when it asks for it (`header` is `1`), or when its user
 * falls in the canary's share (sticky: the same user always lands on the same side). A request
 * without a user is placed at random.
 */
export function inCanary(split: CanaryOptions, userId: string | undefined, header: string | undefined, random = Math.random): boolean {
  if (header === '1') return true;
  const bucket = userId ? hash(userId) % 100 : Math.floor(random() * 100);
  return bucket < split.percent;
}
