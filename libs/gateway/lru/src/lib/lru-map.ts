interface Entry<K, V> {
  readonly key: K;
  value: V;
  older: Entry<K, V> | undefined;
  newer: Entry<K, V> | undefined;
}

/**
 * A map of at most `capacity` entries that evicts the least recently used one: `get` and `set`
 * make an entry the most recently used, and a `set` beyond capacity drops the least recent.
 * A capacity below 1 keeps nothing.
 *
 * Recency is a linked list beside the `Map`, not the `Map`'s own order: moving an entry to the end
 * of a `Map` takes a `delete` and a `set`, and on a `Map` that has lived through a garbage
 * collection V8 allocates each rehashed table straight in old space, so an LRU read on every
 * request grew the old generation by a few hundred bytes per request. Here a hit rewires two
 * entries and allocates nothing; the `Map` changes only when keys come and go.
 *
 * @example
 * const tokens = new LruMap<string, VerifiedToken>(10_000);
 * tokens.set(token, verified);
 * tokens.get(token); // now the most recently used
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private oldest: Entry<K, V> | undefined;
  private newest: Entry<K, V> | undefined;

  constructor(readonly capacity: number) {}

  /** The number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, which becomes the most recently used; `undefined` when absent. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.touch(entry);
    return entry.value;
  }

  /** Holds `value` under `key` as the most recently used entry, then drops the least recent beyond capacity. */
  set(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      this.touch(entry);
      return;
    }
    const added: Entry<K, V> = { key, value, older: this.newest, newer: undefined };
    if (this.newest) this.newest.newer = added;
    else this.oldest = added;
    this.newest = added;
    this.entries.set(key, added);
    // One entry more at most: the oldest goes (the one just added, when the capacity is 0).
    if (this.entries.size > this.capacity) this.delete((this.oldest as Entry<K, V>).key);
  }

  /** Forgets `key`; whether it was held. */
  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.unlink(entry);
    return true;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
    this.oldest = this.newest = undefined;
  }

  /** Every key and value in the order the keys were first set; deleting while iterating is safe. */
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    for (const [key, entry] of this.entries) yield [key, entry.value];
  }

  /** Moves `entry` to the most recent end. */
  private touch(entry: Entry<K, V>): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    entry.older = this.newest;
    (this.newest as Entry<K, V>).newer = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = entry.newer = undefined;
  }
}
