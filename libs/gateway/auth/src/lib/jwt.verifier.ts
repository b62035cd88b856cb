import { Inject, Injectable } from '@nestjs/common';
import { JwtPayload, verify } from 'jsonwebtoken';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { Identity } from './identity';

const MAX_TOKEN_LENGTH = 8192;

/**
 * Verifies bearer tokens: algorithm pinned to HS256 (so `none` and RS/HS confusion are refused),
 * `exp` required, `nbf`/`iss`/`aud` checked, a small clock skew allowed.
 */
@Injectable()
export class JwtVerifier {
  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {}

  /** The identity in a valid token, or `undefined` for any invalid one (never throws). */
  verify(token: string): Identity | undefined {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    let payload: JwtPayload | string;
    try {
      payload = verify(token, this.options.secret, {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSec ?? 30,
      });
    } catch {
      return undefined;
    }
    if (typeof payload === 'string' || typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || !payload.sub) {
      return undefined;
    }
    const roles: unknown = payload['roles'];
    const scope: unknown = payload['scope'];
    return {
      sub: payload.sub,
      roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [],
      scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    };
  }
}
