import { CacheEntry } from './cache.store';
import { MemoryCacheStore } from './keyv-cache.store';

const entry = (value: unknown): CacheEntry => {
  const now = Date.now();
  return { value, storedAt: now, freshUntil: now + 1000, staleUntil: now + 2000, errorUntil: now + 3000 };
};

describe('MemoryCacheStore', () => {
  it('answers what was stored, and nothing for an unknown key', async () => {
    const store = new MemoryCacheStore(10);
    await store.set('bff:cache:mobile:/a?|public', entry({ id: 'a' }), 60_000);
    expect(await store.get('bff:cache:mobile:/a?|public')).toMatchObject({ value: { id: 'a' } });
    expect(await store.get('bff:cache:mobile:/b?|public')).toBeUndefined();
  });

  it('keeps its own copy: changing the stored or the answered object changes no later answer', async () => {
    const store = new MemoryCacheStore(10);
    const stored = { items: [{ id: 'a' }] };
    await store.set('k', entry(stored), 60_000);
    stored.items.push({ id: 'written after set' });
    const first = (await store.get('k'))?.value as { items: { id: string }[] };
    first.items[0].id = 'changed by a caller';
    expect((await store.get('k'))?.value).toEqual({ items: [{ id: 'a' }] });
  });

  it('keeps the value as the JSON text a hit is sent as, and does not keep an answer without one', async () => {
    const store = new MemoryCacheStore(10);
    await store.set('k', entry({ name: 'Café "x"', at: new Date(0) }), 60_000);
    expect((await store.get('k'))?.json).toBe('{"name":"Café \\"x\\"","at":"1970-01-01T00:00:00.000Z"}');
    await store.set('nothing', entry(undefined), 60_000);
    expect(await store.get('nothing')).toBeUndefined();
  });

  it('forgets an entry once its TTL has passed', async () => {
    const store = new MemoryCacheStore(10);
    await store.set('k', entry(1), 30);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.get('k')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its capacity', async () => {
    const store = new MemoryCacheStore(2);
    await store.set('a', entry('a'), 60_000);
    await store.set('b', entry('b'), 60_000);
    await store.get('a');
    await store.set('c', entry('c'), 60_000);
    expect((await store.get('a'))?.value).toBe('a');
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('c'))?.value).toBe('c');
  });

  it('deletes one entry', async () => {
    const store = new MemoryCacheStore(10);
    await store.set('a', entry('a'), 60_000);
    await store.delete('a');
    await store.delete('never-stored');
    expect(await store.get('a')).toBeUndefined();
  });

  it('deletes by pattern and counts what it deleted', async () => {
    const store = new MemoryCacheStore(10);
    for (const key of ['bff:cache:web:/p/1?|public', 'bff:cache:mobile:/p/1?|public', 'bff:cache:mobile:/home?|u:u-1']) {
      await store.set(key, entry(key), 60_000);
    }
    expect(await store.deleteMatching('bff:cache:*:/p/*')).toBe(2);
    expect(await store.get('bff:cache:web:/p/1?|public')).toBeUndefined();
    expect((await store.get('bff:cache:mobile:/home?|u:u-1'))?.value).toBe('bff:cache:mobile:/home?|u:u-1');
    expect(await store.deleteMatching('bff:cache:*:/p/*')).toBe(0);
  });
});
