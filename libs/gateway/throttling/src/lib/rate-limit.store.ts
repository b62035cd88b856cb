import { Inject } from '@nestjs/common';

/**
 * One limit: at most `limit` units (a request costs 1 unless its route says otherwise) in any
 * window of `windowMs` milliseconds, counted per tracker. Policies with the same `name` share
 * their counters, so a name denotes one budget.
 */
export interface RateLimitPolicy {
  /** Part of the key, `[A-Za-z0-9_-]`; `default` is the policy of `RATE_LIMIT`. */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** How one policy stands for a tracker once a request has been decided. */
export interface RateLimitState {
  readonly policy: RateLimitPolicy;
  /** Units still free in the window: after this request when it passed, before it when it was refused. */
  readonly remaining: number;
  /** Milliseconds until the oldest counted unit leaves the window (when `remaining` grows again). */
  readonly resetMs: number;
  /** Milliseconds until the refused request could pass this policy; 0 when it fits. */
  readonly retryAfterMs: number;
}

/** The verdict on one request: allowed only when every policy had room. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** One state per policy, in the order the policies were given. */
  readonly states: readonly RateLimitState[];
}

/**
 * Where rate-limit counters live: in-process ({@link MemoryRateLimitStore}) or in Redis shared by
 * every replica ({@link RedisRateLimitStore}). Implementations count a request against all its
 * policies at once, atomically, and only when all of them have room: a refused request is not
 * counted against the client.
 */
export interface RateLimitStore {
  /**
   * Counts `cost` units for `tracker` against every policy when each has room; counts nothing
   * otherwise. Answers at once when it can (in-process: no promise, no turn of the event loop),
   * else with a promise. Throws or rejects when the store cannot answer, so the caller applies its
   * fail mode.
   */
  consume(tracker: string, policies: readonly RateLimitPolicy[], cost: number): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Injection token of the {@link RateLimitStore}. */
export const RateLimitStore = Symbol('RateLimitStore');

/** Injects the {@link RateLimitStore}. */
export const InjectRateLimitStore = (): ParameterDecorator => Inject(RateLimitStore);
