import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Cache, createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { CacheEntry, CacheStore } from './cache.store';
import { MemoryKeyvAdapter } from './memory-keyv.adapter';
import { RedisKeyvAdapter, RedisKeyvAdapterOptions } from './redis-keyv.adapter';

/** A Keyv store that can also delete by pattern. */
interface PatternKeyvStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
  clear(): Promise<void>;
  deleteMatching(pattern: string): Promise<number>;
}

/**
 * A {@link CacheStore} on cache-manager 7 over one Keyv store. cache-manager and Keyv turn a
 * failing read into `undefined` and a failing write into an `error` event; this class logs those
 * at most every 10 s, so the interceptor only ever sees a hit or a miss.
 */
abstract class KeyvCacheStore implements CacheStore {
  protected readonly logger = new Logger('Cache');
  private readonly cache: Cache;
  private warnedAt = -Infinity;

  /** `serialised`: Keyv turns what is stored into text (for a store outside the process); else it keeps the object itself. */
  protected constructor(
    protected readonly adapter: PatternKeyvStore,
    serialised: boolean,
  ) {
    // No namespace: keys are stored exactly as built, so every BFF shares one key space.
    const keyv = new Keyv({ store: adapter, namespace: '', useKeyPrefix: false, ...(!serialised && { serialize: undefined, deserialize: undefined }) });
    keyv.on('error', (error: Error) => this.failed(error));
    this.cache = createCache({ stores: [keyv] });
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return (await this.cache.get<CacheEntry>(key)) ?? undefined;
  }

  async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    try {
      await this.cache.set(key, entry, ttlMs);
    } catch (error) {
      this.failed(error as Error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.cache.del(key);
    } catch (error) {
      this.failed(error as Error);
    }
  }

  deleteMatching(pattern: string): Promise<number> {
    return this.adapter.deleteMatching(pattern);
  }

  /** Logs a failure at most every 10 s: an outage must not flood the log with one line per request. */
  private failed(error: Error): void {
    if (Date.now() - this.warnedAt < 10_000) return;
    this.warnedAt = Date.now();
    this.logger.warn(`Cache store failed, serving from upstream: ${error.message}`);
  }
}

/**
 * An entry as the in-process store keeps it, frozen and shared by every read: the value as its
 * JSON text, parsed afresh on each read of `value`, so no caller can change a stored answer.
 */
class JsonEntry implements CacheEntry {
  readonly storedAt: number;
  readonly freshUntil: number;
  readonly staleUntil: number;
  readonly errorUntil: number;

  constructor(
    readonly json: string,
    entry: CacheEntry,
  ) {
    this.storedAt = entry.storedAt;
    this.freshUntil = entry.freshUntil;
    this.staleUntil = entry.staleUntil;
    this.errorUntil = entry.errorUntil;
    Object.freeze(this);
  }

  get value(): unknown {
    return JSON.parse(this.json);
  }
}

/**
 * The in-process default: an LRU of at most `maxEntries` responses, private to this process. An
 * entry's value is serialised once when stored (see {@link JsonEntry}), so a hit can be sent as
 * that text.
 */
export class MemoryCacheStore extends KeyvCacheStore {
  constructor(maxEntries: number) {
    super(new MemoryKeyvAdapter(maxEntries), false);
  }

  override async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    // `undefined` (and functions) have no JSON text: such an answer is not kept.
    const json = JSON.stringify(entry.value) as string | undefined;
    if (json !== undefined) await super.set(key, new JsonEntry(json, entry), ttlMs);
  }
}

/**
 * Responses in Redis, shared by every replica and every BFF using the same Redis: a short deadline
 * on each read and write, and a Redis that is down or slow means MISS, never an error.
 */
export class RedisCacheStore extends KeyvCacheStore implements OnModuleInit, OnApplicationShutdown {
  private readonly redis: RedisKeyvAdapter;

  constructor(options: RedisKeyvAdapterOptions) {
    const redis = new RedisKeyvAdapter(options);
    super(redis, true);
    this.redis = redis;
  }

  /** Waits briefly for the first connection so the first requests can hit; never throws. */
  onModuleInit(): Promise<void> {
    return this.redis.connect();
  }

  /** Whether Redis answers now; never throws. */
  isReady(): Promise<boolean> {
    return this.redis.isReady();
  }

  onApplicationShutdown(): void {
    this.redis.close();
  }
}
