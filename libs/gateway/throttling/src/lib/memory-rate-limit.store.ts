import { LruMap } from '@bff/gateway-lru';
import { performance } from 'node:perf_hooks';
import { RateLimitDecision, RateLimitPolicy, RateLimitState, RateLimitStore } from './rate-limit.store';

/** Options of the {@link MemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /**
   * Most keys (tracker x policy) kept at once; when full, expired keys are swept and then the least
   * recently used one is dropped (its tracker starts afresh). Default 100 000, at least 1.
   */
  maxKeys?: number;
  /** How often, at most, a request sweeps every expired key. Default 10 000 ms. */
  sweepIntervalMs?: number;
  /** Monotonic clock in whole milliseconds (whole, so windows add up exactly); tests pass their own. */
  now?: () => number;
}

interface Log {
  /** Times of the counted units, oldest first (one entry per unit); those before `head` have expired. */
  hits: number[];
  head: number;
  windowMs: number;
}

/** Skips the hits that have left the window ending at `now`; compacts once half the array is dead. */
function slide(log: Log, now: number): void {
  while (log.head < log.hits.length && log.hits[log.head] <= now - log.windowMs) log.head++;
  if (log.head > 32 && log.head * 2 >= log.hits.length) {
    log.hits = log.hits.slice(log.head);
    log.head = 0;
  }
}

/**
 * In-process sliding-window log: at most `limit` units in any window of `windowMs`, exactly. Each
 * key holds at most `limit` live timestamps (refused requests add none; expired ones are skipped in
 * O(1) and compacted away), keys whose window has passed are swept, and the number of keys is
 * capped, so memory stays bounded. Counters are per process:
 * with several replicas use the {@link RedisRateLimitStore}.
 *
 * @example
 * const store = new MemoryRateLimitStore();
 * await store.consume('ip:203.0.113.9', [{ name: 'default', limit: 100, windowMs: 60_000 }], 1);
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly logs: LruMap<string, Log>;
  private readonly sweepIntervalMs: number;
  private readonly now: () => number;
  private lastSweep: number;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.logs = new LruMap(Math.max(options.maxKeys ?? 100_000, 1));
    this.sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
    this.now = options.now ?? (() => Math.floor(performance.now()));
    this.lastSweep = this.now();
  }

  /** Number of keys held (for tests and diagnostics). */
  get size(): number {
    return this.logs.size;
  }

  consume(tracker: string, policies: readonly RateLimitPolicy[], cost: number): Promise<RateLimitDecision> {
    const now = this.now();
    if (now - this.lastSweep >= this.sweepIntervalMs) this.sweep(now);
    const logs = policies.map((policy) => this.logOf(`${policy.name}:${tracker}`, policy, now));
    const states: RateLimitState[] = policies.map((policy, i) => {
      const { hits, head } = logs[i];
      const count = hits.length - head;
      const fits = count + cost <= policy.limit;
      // Read only when refused: an allowed request's index is negative, and reading an array there is a slow property lookup.
      const retryAfterMs = fits ? 0 : cost > policy.limit ? policy.windowMs : hits[head + count + cost - policy.limit - 1] + policy.windowMs - now;
      const oldest = count > 0 ? hits[head] : now;
      return { policy, remaining: Math.max(policy.limit - count, 0), resetMs: oldest + policy.windowMs - now, retryAfterMs };
    });
    const allowed = states.every((state) => state.retryAfterMs === 0);
    if (!allowed) return Promise.resolve({ allowed, states });
    for (const log of logs) for (let unit = 0; unit < cost; unit++) log.hits.push(now);
    return Promise.resolve({ allowed, states: states.map((state) => ({ ...state, remaining: state.remaining - cost })) });
  }

  /** The log of a key with its expired hits dropped, marked most recently used; created when absent. */
  private logOf(key: string, policy: RateLimitPolicy, now: number): Log {
    let log = this.logs.get(key);
    if (log) {
      log.windowMs = policy.windowMs;
      slide(log, now);
    } else {
      // Full: expired keys go first; the LRU map then drops the least recently used key if need be.
      if (this.logs.size >= this.logs.capacity) this.sweep(now);
      log = { hits: [], head: 0, windowMs: policy.windowMs };
      this.logs.set(key, log);
    }
    return log;
  }

  /** Drops every key whose newest hit has left its window. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, log] of this.logs) {
      const newest = log.hits[log.hits.length - 1];
      if (newest === undefined || newest <= now - log.windowMs) this.logs.delete(key);
    }
  }
}
