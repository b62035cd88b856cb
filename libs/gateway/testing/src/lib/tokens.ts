import { sign } from 'jsonwebtoken';
import { DEVELOPMENT_JWT_SECRET } from '@bff/gateway-config';

/** Claims of a test or development token. */
export interface TokenClaims {
  sub: string;
  roles?: string[];
  scope?: string;
  /** The `tier` claim the rate limiter reads (e.g. `partner`). */
  tier?: string;
  /** Lifetime such as `15m`, or seconds; default 15 minutes. */
  ttl?: string | number;
  secret?: string;
  issuer?: string;
  audience?: string;
}

/**
 * Signs an HS256 token with the development secret (or the given one), as `npm run token` does.
 *
 * @example
 * const token = mintToken({ sub: 'u-1', roles: ['admin'] });
 */
export function mintToken(claims: TokenClaims): string {
  const { sub, roles = [], scope, tier, ttl = '15m', secret = DEVELOPMENT_JWT_SECRET, issuer, audience } = claims;
  return sign({ roles, ...(scope ? { scope } : {}), ...(tier ? { tier } : {}) }, secret, {
    algorithm: 'HS256',
    subject: sub,
    expiresIn: ttl as number,
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  });
}
