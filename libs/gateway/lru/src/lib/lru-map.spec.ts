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
    expect(map.get('b')).toBeUndefined();
    expect(keysOf(map).sort()).toEqual(['a', 'c', 'd']);
  });

  it('replaces the value of a key set again and makes it the most recent', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect(map.get('a')).toBe(10);
    expect(map.get('b')).toBeUndefined();
    expect(map.size).toBe(2);
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
});
