import { Inject } from '@nestjs/common';

/** One cached response: the handler's value and when it turns stale and unusable (epoch ms). */
export interface CacheEntry {
  /** The value the handler returned (serialised by Nest as JSON on every answer). */
  readonly value: unknown;
  /** The value as JSON text, where the store keeps it so (in-process): a hit is sent without serialising it again. */
  readonly json?: string;
  readonly storedAt: number;
  /** Until then the entry is served as `HIT`. */
  readonly freshUntil: number;
  /** Until then a stale entry is served as `STALE` while one background call refreshes it. */
  readonly staleUntil: number;
  /** Until then a stale entry is served as `STALE` when the refresh fails (5xx, timeout, unreachable). */
  readonly errorUntil: number;
}

/**
 * Where cached responses live: in-process (an LRU) or Redis shared by every BFF replica and every
 * BFF. `get`, `set` and `delete` never throw: a store that cannot answer in time behaves like an empty one,
 * so a failing cache costs a MISS, never an error to the client.
 */
export interface CacheStore {
  /** The entry under `key`, or `undefined` when there is none or the store failed. */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Stores `entry` under `key` for `ttlMs`; a failure is logged and swallowed. */
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  /** Deletes the entry under `key`; a failure is logged and swallowed. */
  delete(key: string): Promise<void>;
  /**
   * Deletes every entry whose key matches `pattern` (a glob where only `*` is special) and answers
   * how many were deleted. Rejects when the store cannot answer (the caller reports it).
   */
  deleteMatching(pattern: string): Promise<number>;
}

/** Injection token of the {@link CacheStore}. */
export const CacheStore = Symbol('CacheStore');

/** Injects the {@link CacheStore}. */
export const InjectCacheStore = (): ParameterDecorator => Inject(CacheStore);
