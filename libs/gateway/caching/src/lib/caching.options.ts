/** Options of the {@link CachingModule} (one per BFF). */
export interface CachingOptions {
  /** The BFF's client; the second part of every key (`bff:cache:<client>:...`). */
  client: string;
  /** Redis URL: entries shared by every replica and every BFF; unset = an in-process LRU. */
  redisUrl?: string;
  /** Key namespace, the same in every BFF so one can invalidate another's entries. Default `bff:cache:`. */
  namespace?: string;
  /** Longest wait for Redis on a read or write before it counts as a MISS. Default 50 ms. */
  redisTimeoutMs?: number;
  /** Entries the in-process LRU holds at most. Default 5000. */
  maxEntries?: number;
}

/** The default key namespace. */
export const DEFAULT_CACHE_NAMESPACE = 'bff:cache:';
