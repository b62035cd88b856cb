import { createHash } from 'node:crypto';
import { ApiKeyMatcher } from './api-key.matcher';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

describe('ApiKeyMatcher', () => {
  const matcher = new ApiKeyMatcher([
    { name: 'ci-bot', tier: 'partner', sha256: sha256('k-partner-123') },
    { name: 'kiosk', tier: 'user', sha256: sha256('k-kiosk-456').toUpperCase() },
  ]);

  it('finds the key whose SHA-256 matches, hex in either case', () => {
    expect(matcher.match('k-partner-123')).toMatchObject({ name: 'ci-bot', tier: 'partner' });
    expect(matcher.match('k-kiosk-456')).toMatchObject({ name: 'kiosk', tier: 'user' });
  });

  it('matches nothing for unknown, near, empty, repeated, oversized or non-string values', () => {
    for (const presented of ['k-partner-124', 'k-partner-123 ', sha256('k-partner-123'), '', 'k-partner-123, k-kiosk-456', 'x'.repeat(513), ['k-partner-123'], undefined]) {
      expect(matcher.match(presented)).toBeUndefined();
    }
  });

  it('matches nothing when no key is configured', () => {
    expect(new ApiKeyMatcher([]).match('k-partner-123')).toBeUndefined();
  });

  it('refuses a configured hash that is not 64 hex digits', () => {
    expect(() => new ApiKeyMatcher([{ name: 'bad', tier: 'user', sha256: 'abc' }])).toThrow('API key bad: sha256 must be 64 hex digits');
  });
});
