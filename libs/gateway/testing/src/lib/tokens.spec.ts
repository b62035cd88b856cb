import { DEVELOPMENT_JWT_SECRET } from '@bff/gateway-config';
import { decode, JwtPayload, verify } from 'jsonwebtoken';
import { mintToken } from './tokens';

describe('mintToken', () => {
  it('signs an HS256 token with the development secret, 15 minutes by default', () => {
    const token = mintToken({ sub: 'u-1', roles: ['admin'] });
    const claims = verify(token, DEVELOPMENT_JWT_SECRET, { algorithms: ['HS256'] }) as JwtPayload;
    expect(claims).toMatchObject({ sub: 'u-1', roles: ['admin'] });
    expect(claims).not.toHaveProperty('scope');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(15 * 60);
    expect(decode(token, { complete: true })?.header.alg).toBe('HS256');
  });

  it('sets scope, lifetime, issuer and audience when given, and no roles by default', () => {
    const token = mintToken({ sub: 'u-2', scope: 'orders:read', ttl: 60, issuer: 'https://idp.example', audience: 'bff' });
    const claims = verify(token, DEVELOPMENT_JWT_SECRET, { issuer: 'https://idp.example', audience: 'bff' }) as JwtPayload;
    expect(claims).toMatchObject({ sub: 'u-2', roles: [], scope: 'orders:read' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
  });

  it('signs with another secret when given, so the development secret no longer verifies it', () => {
    const token = mintToken({ sub: 'u-3', secret: 'another-secret-of-enough-length-123456' });
    expect(() => verify(token, DEVELOPMENT_JWT_SECRET)).toThrow('invalid signature');
    expect(verify(token, 'another-secret-of-enough-length-123456')).toMatchObject({ sub: 'u-3' });
  });

  it('mints expired tokens for a negative lifetime', () => {
    expect(() => verify(mintToken({ sub: 'u-4', ttl: -10 }), DEVELOPMENT_JWT_SECRET)).toThrow('jwt expired');
  });
});
