import { Logger } from '@nestjs/common';
import { createFailFastRedis, waitForFirstConnection, withinTimeout } from '@bff/gateway-redis';
import type Redis from 'ioredis';

/** Options of the {@link RedisKeyvAdapter}. */
export interface RedisKeyvAdapterOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** The namespace every key of this adapter starts with (`bff:cache:`); `clear()` empties only it. */
  namespace: string;
  /** Longest wait for Redis on a request's read or write. */
  timeoutMs: number;
  /** Longest wait at start for the first connection. Default 1000 ms. */
  startWaitMs?: number;
}

/** Redis did not answer in time. */
export class CacheStoreTimeoutError extends Error {
  override readonly name = 'CacheStoreTimeoutError';
}

const SCAN_BATCH = 500;

/**
 * A Keyv store over ioredis (the project's one Redis client) with what Keyv's own Redis adapter
 * lacks: a deadline on every call and prefix deletion by `SCAN` + `UNLINK` (never `KEYS`).
 * Commands are never queued while disconnected (they fail at once) nor retried; the client
 * reconnects in the background.
 */
export class RedisKeyvAdapter {
  private readonly logger = new Logger('Cache');
  private readonly redis: Redis;
  private closed = false;

  constructor(private readonly options: RedisKeyvAdapterOptions) {
    this.redis = createFailFastRedis({
      url: options.url,
      // Reaps what a hung Redis never answers; requests stop waiting after timeoutMs already.
      commandTimeoutMs: Math.max(options.timeoutMs * 20, 1_000),
      // A socket that never connected emits no second close: do not hold shutdown 2 s for it.
      disconnectTimeoutMs: 500,
      logger: this.logger,
      unreachable: 'Redis unreachable, responses are served uncached until it returns',
      reachableAgain: 'Redis reachable again, caching resumes',
    });
  }

  /** Waits (at most `startWaitMs`) for the first connection to be ready or to fail; never throws. */
  async connect(): Promise<void> {
    await waitForFirstConnection(this.redis, this.options.startWaitMs ?? 1_000);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.withinTimeout(this.redis.get(key))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.withinTimeout(ttlMs ? this.redis.set(key, value, 'PX', Math.ceil(ttlMs)) : this.redis.set(key, value));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.withinTimeout(this.redis.unlink(key))) > 0;
  }

  async clear(): Promise<void> {
    await this.deleteMatching(`${this.options.namespace}*`);
  }

  /** `SCAN MATCH pattern` + `UNLINK` in batches; only `*` of `pattern` is a wildcard. */
  async deleteMatching(pattern: string): Promise<number> {
    const match = pattern.replace(/[?[\]\\]/g, (special) => `\\${special}`);
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_BATCH);
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  }

  /** Whether Redis answers a PING now; never throws. */
  async isReady(): Promise<boolean> {
    try {
      return (await this.withinTimeout(this.redis.ping(), Math.max(this.options.timeoutMs, 500))) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Closes the connection and stops reconnecting; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.redis.disconnect();
  }

  /** `command`, or a {@link CacheStoreTimeoutError} after `timeoutMs` (see {@link withinTimeout}). */
  private withinTimeout<T>(command: Promise<T>, timeoutMs = this.options.timeoutMs): Promise<T> {
    return withinTimeout(command, timeoutMs, () => new CacheStoreTimeoutError('Redis did not answer in time'));
  }
}
