import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createFailFastRedis, waitForFirstConnection, withinTimeout } from '@bff/gateway-redis';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RateLimitDecision, RateLimitPolicy, RateLimitStore } from './rate-limit.store';
import { SLIDING_WINDOW_SCRIPT } from './sliding-window.lua';

/** Options of the {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** `redis://` or `rediss://` URL (a database number selects a keyspace: `redis://host:6379/2`). */
  url: string;
  /** Prepended to every key: `<keyPrefix><policy>:<tracker>`, e.g. `bff:rl:web:`. */
  keyPrefix: string;
  /** How long a request waits for Redis before the store gives up (the fail mode decides). Default 50 ms. */
  timeoutMs?: number;
  /** Longest wait at start for the first connection, so the first requests are counted. Default 1000 ms. */
  startWaitMs?: number;
  /** Clock in ms for tests; by default the script reads Redis `TIME`, one clock for every replica. */
  now?: () => number;
}

/** Redis did not answer in time. */
export class RateLimitStoreTimeoutError extends Error {
  override readonly name = 'RateLimitStoreTimeoutError';
}

interface WithSlidingWindow {
  bffSlidingWindow(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<number[]>;
}

/**
 * Sliding-window log in Redis, shared by every replica of a BFF: one atomic Lua script per request
 * (exact under any concurrency), one sorted set per tracker and policy that expires on its own,
 * refused requests not counted.
 *
 * Redis must never become the BFF's latency: commands are not queued while disconnected (they fail
 * at once), not retried, and a request waits at most `timeoutMs`. At start the store waits for the
 * first connection for at most `startWaitMs` (1 s; an unreachable Redis answers at once) but
 * never fails: a Redis that is down does not stop the BFF, the client reconnects in the background
 * and counting resumes by itself.
 * Failures reject, and the guard applies the BFF's fail mode. The connection closes on shutdown.
 */
export class RedisRateLimitStore implements RateLimitStore, OnModuleInit, OnApplicationShutdown {
  /** Name under which readiness reports this store. */
  readonly readinessName = 'redis';
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly timeoutMs: number;
  private closed = false;
  /** Request ids are this process's random prefix and a counter: unique across replicas, no randomness per request. */
  private readonly idPrefix = randomBytes(9).toString('base64url');
  private nextId = 0;

  constructor(private readonly options: RedisRateLimitStoreOptions) {
    this.timeoutMs = options.timeoutMs ?? 50;
    this.redis = createFailFastRedis({
      url: options.url,
      // Reaps commands a hung Redis never answers; requests stop waiting after timeoutMs already.
      commandTimeoutMs: Math.max(this.timeoutMs * 20, 1_000),
      logger: this.logger,
      unreachable: 'Redis unreachable, rate limiting follows its fail mode until it returns',
      reachableAgain: 'Redis reachable again',
    });
    this.redis.defineCommand('bffSlidingWindow', { lua: SLIDING_WINDOW_SCRIPT });
  }

  /** Waits (at most `startWaitMs`) until the first connection is ready or has failed; never throws. */
  async onModuleInit(): Promise<void> {
    await waitForFirstConnection(this.redis, this.options.startWaitMs ?? 1_000);
  }

  async consume(tracker: string, policies: readonly RateLimitPolicy[], cost: number): Promise<RateLimitDecision> {
    const keys = policies.map((policy) => `${this.options.keyPrefix}${policy.name}:${tracker}`);
    const args = [this.options.now?.() ?? '', cost, `${this.idPrefix}${(this.nextId++).toString(36)}`];
    for (const policy of policies) args.push(policy.limit, policy.windowMs);
    const command = (this.redis as unknown as WithSlidingWindow).bffSlidingWindow(keys.length, ...keys, ...args);
    const [allowed, ...numbers] = await this.withinTimeout(command);
    return {
      allowed: allowed === 1,
      states: policies.map((policy, i) => ({
        policy,
        remaining: numbers[3 * i],
        resetMs: numbers[3 * i + 1],
        retryAfterMs: numbers[3 * i + 2],
      })),
    };
  }

  /**
   * Whether Redis answers a PING now, for readiness; never throws. Waits a little longer than a
   * request would (at least 500 ms): a slow answer is still an answer, and a probe must not flap.
   */
  async isReady(): Promise<boolean> {
    try {
      return (await this.withinTimeout(this.redis.ping(), Math.max(this.timeoutMs, 500))) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Closes the connection and stops reconnecting; safe to call twice. */
  onApplicationShutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.redis.disconnect();
  }

  /** `command`, or a {@link RateLimitStoreTimeoutError} after `timeoutMs` (see {@link withinTimeout}). */
  private withinTimeout<T>(command: Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    return withinTimeout(command, timeoutMs, () => new RateLimitStoreTimeoutError('Redis did not answer in time'));
  }
}
