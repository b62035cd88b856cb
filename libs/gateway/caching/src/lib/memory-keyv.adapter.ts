import { LruMap } from '@bff/gateway-lru';
import { matchesPattern } from './cache-key';

/**
 * An in-process, least-recently-used Keyv store: at most `maxEntries` entries, the one read or
 * written longest ago is evicted first. Keyv keeps the expiry inside each value; expired entries
 * are dropped when read or evicted.
 */
export class MemoryKeyvAdapter {
  private readonly entries: LruMap<string, unknown>;

  constructor(maxEntries: number) {
    this.entries = new LruMap(maxEntries);
  }

  async get(key: string): Promise<unknown> {
    // Keyv never stores `undefined`: it is always a miss.
    return this.entries.get(key);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }

  /** Deletes the keys matching `pattern` (only `*` is special). */
  async deleteMatching(pattern: string): Promise<number> {
    let deleted = 0;
    for (const [key] of this.entries) {
      if (matchesPattern(pattern, key) && this.entries.delete(key)) deleted++;
    }
    return deleted;
  }
}
