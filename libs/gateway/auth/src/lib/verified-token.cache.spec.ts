import { VerifiedTokenCache } from './verified-token.cache';

const identity = (sub: string) => ({ sub, roles: [], scopes: [] });
const entry = (sub: string, expiresAtMs = 10_000) => ({ identity: identity(sub), expiresAtMs });

describe('VerifiedTokenCache', () => {
  it('serves an entry until its expiry, never at or after it', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('t', entry('u-1', 1_000), 0);
    expect(cache.get('t', 999)?.identity.sub).toBe('u-1');
    expect(cache.get('t', 1_000)).toBeUndefined();
    expect(cache.get('t', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not remember a token that has already expired', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('t', entry('u-1', 1_000), 1_000);
    expect(cache.size).toBe(0);
  });

  it('stays within its bound, evicting the least recently used entry', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', entry('a'), 0);
    cache.set('b', entry('b'), 0);
    expect(cache.get('a', 0)).toBeDefined();
    cache.set('c', entry('c'), 0);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)?.identity.sub).toBe('a');
    expect(cache.get('c', 0)?.identity.sub).toBe('c');
  });

  it('forgets a deleted token', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', entry('a'), 0);
    cache.delete('a');
    expect(cache.get('a', 0)).toBeUndefined();
  });

  it('holds nothing with a bound of 0', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set('a', entry('a'), 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
