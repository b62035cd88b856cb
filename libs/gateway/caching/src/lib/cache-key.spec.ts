import { buildCacheKey, invalidationPattern, matchesPattern, MAX_KEY_LENGTH, normaliseQuery } from './cache-key';

const key = (url: string, user?: string) => buildCacheKey({ namespace: 'bff:cache:', client: 'mobile', url, user });

describe('buildCacheKey', () => {
  it('names the client, the path, the sorted query and the public scope', () => {
    expect(key('/api/v1/products/p-7?b=2&a=1')).toBe('bff:cache:mobile:/api/v1/products/p-7?a=1&b=2|public');
    expect(key('/api/v1/products/p-7')).toBe('bff:cache:mobile:/api/v1/products/p-7?|public');
  });

  it('gives one entry to the same query written in another order or encoding', () => {
    expect(key('/p?b=x%20y&a=1')).toBe(key('/p?a=1&b=x+y'));
  });

  it('keeps the order of a repeated parameter (it can matter) and tells different values apart', () => {
    expect(key('/p?tag=a&tag=b')).not.toBe(key('/p?tag=b&tag=a'));
    expect(key('/p?a=1')).not.toBe(key('/p?a=2'));
  });

  it('gives every user their own entry, never the public one', () => {
    const u1 = key('/api/v1/home', 'u-1');
    expect(u1).toBe('bff:cache:mobile:/api/v1/home?|u:u-1');
    expect(u1).not.toBe(key('/api/v1/home', 'u-2'));
    expect(u1).not.toBe(key('/api/v1/home'));
  });

  it('cannot be forged by a user id or query that looks like another scope', () => {
    expect(key('/p', 'x|public')).not.toBe(key('/p'));
    expect(key('/p?x=|public')).not.toBe(key('/p', ''));
    expect(key('/p', 'a?b|u:c')).toBe('bff:cache:mobile:/p?|u:a%3Fb%7Cu%3Ac');
  });

  it('refuses keys longer than the limit', () => {
    expect(key(`/p?q=${'x'.repeat(MAX_KEY_LENGTH)}`)).toBeUndefined();
  });
});

describe('normaliseQuery', () => {
  it('sorts by name and encodes one way', () => {
    expect(normaliseQuery('z=1&a=%41&m')).toBe('a=A&m=&z=1');
  });
});

describe('invalidationPattern and matchesPattern', () => {
  const keys = [
    'bff:cache:mobile:/api/v1/products/p-7?|public',
    'bff:cache:web:/api/v1/products/p-7?|public',
    'bff:cache:web:/api/v1/products?page=2|public',
    'bff:cache:mobile:/api/v1/home?|u:u-1',
  ];
  const matched = (prefix: string) => {
    const pattern = invalidationPattern('bff:cache:', prefix);
    return pattern === undefined ? undefined : keys.filter((k) => matchesPattern(pattern, k));
  };

  it('takes a path prefix to mean that path prefix in every BFF', () => {
    expect(matched('/api/v1/products/p-7')).toEqual([keys[0], keys[1]]);
    expect(matched('/api/v1/products')).toEqual([keys[0], keys[1], keys[2]]);
    expect(matched('/api/v1/home')).toEqual([keys[3]]);
  });

  it('takes a key prefix to mean exactly the keys starting with it', () => {
    expect(matched('bff:cache:web:')).toEqual([keys[1], keys[2]]);
    expect(matched('bff:cache:mobile:/api/v1/products/')).toEqual([keys[0]]);
    expect(matched('bff:cache:')).toEqual(keys);
  });

  it('refuses prefixes outside the namespace, with glob characters, spaces or control characters', () => {
    for (const prefix of ['', 'products', 'bff:rl:', '/api/*', '/a?b', '/[a]', '/a\\b', '/a b', '/a\nb', `/${'x'.repeat(600)}`]) {
      expect(invalidationPattern('bff:cache:', prefix)).toBeUndefined();
    }
  });

  it('matches `*` against any run of characters and everything else literally', () => {
    expect(matchesPattern('a*c', 'abbbc')).toBe(true);
    expect(matchesPattern('a*c', 'ac')).toBe(true);
    expect(matchesPattern('a*c', 'acb')).toBe(false);
    expect(matchesPattern('a*b*', 'ab')).toBe(true);
    expect(matchesPattern('abc', 'abc')).toBe(true);
    expect(matchesPattern('abc', 'abcd')).toBe(false);
    expect(matchesPattern('a*bc', 'abc')).toBe(true);
    expect(matchesPattern('ab*bc', 'abc')).toBe(false);
  });
});
