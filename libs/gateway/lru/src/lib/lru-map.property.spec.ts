import fc from 'fast-check';
import { LruMap } from './lru-map';

type Operation = { kind: 'get' | 'delete'; key: number } | { kind: 'set'; key: number; value: number };

// Few keys against capacities up to 6, so reads often hit and writes often evict.
const key = fc.integer({ min: 0, max: 7 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), key }),
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
);

/** The plainly right LRU: recency is the Map's own order, moved by delete-then-set on every use. */
class ReferenceLru {
  readonly entries = new Map<number, number>();

  constructor(private readonly capacity: number) {}

  get(key: number): number | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: number, value: number): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
  }
}

describe('LruMap against a reference LRU', () => {
  it('reads, keeps and evicts exactly what the reference does, over any sequence of reads, writes and deletes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(operation, { maxLength: 200, size: 'max' }), (capacity, operations) => {
        const map = new LruMap<number, number>(capacity);
        const reference = new ReferenceLru(capacity);
        for (const step of operations) {
          if (step.kind === 'get') expect(map.get(step.key)).toBe(reference.get(step.key));
          else if (step.kind === 'set') {
            map.set(step.key, step.value);
            reference.set(step.key, step.value);
          } else expect(map.delete(step.key)).toBe(reference.entries.delete(step.key));
          expect(map.size).toBe(reference.entries.size);
        }
        expect(new Map(map)).toEqual(reference.entries);
      }),
    );
  });
});
