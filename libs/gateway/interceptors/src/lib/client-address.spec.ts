import { ClientAddressResolver } from './client-address';

describe('ClientAddressResolver', () => {
  const resolver = new ClientAddressResolver(['10.0.0.0/8', '::1']);

  it('uses the peer when nobody is trusted, whatever X-Forwarded-For says', () => {
    expect(new ClientAddressResolver([]).resolve('203.0.113.5', '1.2.3.4')).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(resolver.resolve('203.0.113.5', '1.2.3.4')).toBe('203.0.113.5');
  });

  it('reads X-Forwarded-For from the right behind trusted proxies', () => {
    expect(resolver.resolve('10.0.0.2', '198.51.100.1, 203.0.113.9, 10.0.0.7')).toBe('203.0.113.9');
  });

  it('takes the leftmost entry when every hop is trusted', () => {
    expect(resolver.resolve('10.0.0.2', '10.9.9.9, 10.0.0.7')).toBe('10.9.9.9');
  });

  it('falls back to the peer when an entry is not an address', () => {
    expect(resolver.resolve('10.0.0.2', 'evil, 10.0.0.7')).toBe('10.0.0.2');
    expect(resolver.resolve('10.0.0.2', '')).toBe('10.0.0.2');
  });

  it('treats IPv4-mapped IPv6 peers as IPv4 and trusts single addresses', () => {
    expect(resolver.resolve('::ffff:10.0.0.2', '203.0.113.9')).toBe('203.0.113.9');
    expect(resolver.resolve('::1', '203.0.113.9')).toBe('203.0.113.9');
    expect(resolver.resolve('::ffff:203.0.113.5', '1.2.3.4')).toBe('203.0.113.5');
  });

  it('joins repeated X-Forwarded-For headers', () => {
    expect(resolver.resolve('10.0.0.2', ['198.51.100.1', '203.0.113.9'])).toBe('203.0.113.9');
  });
});
