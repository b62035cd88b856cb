import { matchesPattern } from './cache-key';

/**
 * An in-process, least-recently-used Keyv store: at most `maxEntries` entries, the one read or
 * written longest ago is evicted first. Keyv keeps the expiry inside each value; expired entries
 * are dropped when read or evicted.
 */
export class MemoryKeyvAdapter {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly maxEntries: number) {}

  async get(key: string): Promise<unknown> {
    // Keyv never stores `undefined`: it is always a miss.
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  async set(key: string, value: unknown): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
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
    for (const key of [...this.entries.keys()]) {
      if (matchesPattern(pattern, key) && this.entries.delete(key)) deleted++;
    }
    return deleted;
  }
}
