import { LruMap } from './lru-map';

/** The keys of `map` in iteration order. */
const keysOf = <K, V>(map: LruMap<K, V>): K[] => [...map].map(([key]) => key);

describe('LruMap', () => {
  it('drops the least recently set entry beyond capacity', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe(2);
    expect(map.get('c')).toBe(3);
  });

  it('keeps an entry that was read, dropping the one read or set longest ago', () => {
    const map = new LruMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.get('a')).toBe(1);
    map.set('d', 4);
    expect(map.has('b')).toBe(false);
    expect(keysOf(map).sort()).toEqual(['a', 'c', 'd']);
  });

  it('replaces the value of a key set again and makes it the most recent', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect(map.get('a')).toBe(10);
    expect(map.has('b')).toBe(false);
    expect(map.size).toBe(2);
  });

  it('does not make an entry more recent when asked whether it is held', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.has('a')).toBe(true);
    map.set('c', 3);
    expect(map.has('a')).toBe(false);
  });

  it('keeps nothing with a capacity below 1', () => {
    const map = new LruMap<string, number>(0);
    map.set('a', 1);
    expect(map.size).toBe(0);
    expect(map.get('a')).toBeUndefined();
  });

  it('forgets deleted and cleared keys, and keeps working afterwards', () => {
    const map = new LruMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    expect(map.get('a')).toBeUndefined();
    map.clear();
    expect(map.size).toBe(0);
    expect(keysOf(map)).toEqual([]);
    map.set('c', 3);
    map.set('d', 4);
    expect(keysOf(map)).toEqual(['c', 'd']);
  });

  it('iterates every entry once while entries are deleted during the iteration', () => {
    const map = new LruMap<number, number>(10);
    for (let i = 0; i < 6; i++) map.set(i, i * i);
    const seen: number[] = [];
    for (const [key, value] of map) {
      seen.push(value);
      if (key % 2 === 0) map.delete(key);
    }
    expect(seen).toEqual([0, 1, 4, 9, 16, 25]);
    expect(keysOf(map)).toEqual([1, 3, 5]);
  });

  it('evicts exactly like a reference LRU over a long random sequence of reads, writes and deletes', () => {
    // The reference keeps recency in a Map's own order (delete, then set): slow, but plainly right.
    const capacity = 8;
    const map = new LruMap<number, number>(capacity);
    const reference = new Map<number, number>();
    let seed = 42;
    // mulberry32: a seeded generator, so a failure replays.
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    for (let step = 0; step < 5_000; step++) {
      const key = random(20);
      const operation = random(10);
      if (operation < 5) {
        const expected = reference.get(key);
        if (expected !== undefined) {
          reference.delete(key);
          reference.set(key, expected);
        }
        expect(map.get(key)).toBe(expected);
      } else if (operation < 9) {
        reference.delete(key);
        reference.set(key, step);
        if (reference.size > capacity) reference.delete(reference.keys().next().value as number);
        map.set(key, step);
      } else {
        expect(map.delete(key)).toBe(reference.delete(key));
      }
      expect(map.size).toBe(reference.size);
    }
    expect(new Map(map)).toEqual(reference);
  });
});
