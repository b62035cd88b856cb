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
  /**
   * The counted units as runs, oldest first: `counts[i]` units at time `times[i]`, one run per
   * millisecond that counted any (a hot key holds at most one entry per millisecond of its window,
   * however high its limit); runs before `head` have expired.
   */
  times: number[];
  counts: number[];
  head: number;
  /** Units in the runs from `head` on. */
  live: number;
  windowMs: number;
}

/** Skips the runs that have left the window ending at `now`; compacts once half the arrays are dead. */
function slide(log: Log, now: number): void {
  const { times, counts } = log;
  while (log.head < times.length && times[log.head] <= now - log.windowMs) log.live -= counts[log.head++];
  if (log.head > 32 && log.head * 2 >= times.length) {
    log.times = times.slice(log.head);
    log.counts = counts.slice(log.head);
    log.head = 0;
  }
}

/** When the `nth` oldest live unit (1-based, at most `live`) was counted. */
function timeOfUnit(log: Log, nth: number): number {
  let run = log.head;
  for (let seen = log.counts[run]; seen < nth; seen += log.counts[run]) run++;
  return log.times[run];
}

/** Counts `cost` units at `now`, in the newest run when it is of the same millisecond. */
function count(log: Log, now: number, cost: number): void {
  const last = log.times.length - 1;
  if (last >= log.head && log.times[last] === now) log.counts[last] += cost;
  else {
    log.times.push(now);
    log.counts.push(cost);
  }
  log.live += cost;
}

/**
 * In-process sliding-window log: at most `limit` units in any window of `windowMs`, exactly. Each
 * key holds its live units as runs of one millisecond each (refused requests add none; expired runs
 * are skipped in O(1) and compacted away), so at most min(limit, windowMs) runs; keys whose window
 * has passed are swept, and the number of keys is capped, so memory stays bounded. Counters are
 * per process: with several replicas use the {@link RedisRateLimitStore}.
 *
 * @example
 * const store = new MemoryRateLimitStore();
 * const decision = store.consume('ip:203.0.113.9', [{ name: 'default', limit: 100, windowMs: 60_000 }], 1);
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

  consume(tracker: string, policies: readonly RateLimitPolicy[], cost: number): RateLimitDecision {
    const now = this.now();
    if (now - this.lastSweep >= this.sweepIntervalMs) this.sweep(now);
    const logs = policies.map((policy) => this.logOf(`${policy.name}:${tracker}`, policy, now));
    const allowed = policies.every((policy, i) => logs[i].live + cost <= policy.limit);
    if (allowed) for (const log of logs) count(log, now, cost);
    // The states describe the logs as they are now: after this request when it was counted, before it when refused.
    const states: RateLimitState[] = policies.map((policy, i) => {
      const log = logs[i];
      const fits = allowed || log.live + cost <= policy.limit;
      // Refused: free once enough of the oldest units have left (a cost above the limit never fits).
      const retryAfterMs = fits ? 0 : cost > policy.limit ? policy.windowMs : timeOfUnit(log, log.live + cost - policy.limit) + policy.windowMs - now;
      const oldest = log.live > 0 ? log.times[log.head] : now;
      return { policy, remaining: Math.max(policy.limit - log.live, 0), resetMs: oldest + policy.windowMs - now, retryAfterMs };
    });
    return { allowed, states };
  }

  /** The log of a key with its expired runs dropped, marked most recently used; created when absent. */
  private logOf(key: string, policy: RateLimitPolicy, now: number): Log {
    let log = this.logs.get(key);
    if (log) {
      log.windowMs = policy.windowMs;
      slide(log, now);
    } else {
      // Full: expired keys go first; the LRU map then drops the least recently used key if need be.
      if (this.logs.size >= this.logs.capacity) this.sweep(now);
      log = { times: [], counts: [], head: 0, live: 0, windowMs: policy.windowMs };
      this.logs.set(key, log);
    }
    return log;
  }

  /** Drops every key whose newest run has left its window. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, log] of this.logs) {
      const newest = log.times[log.times.length - 1];
      if (newest === undefined || newest <= now - log.windowMs) this.logs.delete(key);
    }
  }
}
