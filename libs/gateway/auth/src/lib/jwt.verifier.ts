import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { decode, JwtHeader, JwtPayload, verify } from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { Identity } from './identity';
import { VerificationKey } from './jwk-set.parser';
import { JwksClient } from './jwks.client';
import { VerifiedTokenCache } from './verified-token.cache';

const MAX_TOKEN_LENGTH = 8192;
/** Three non-empty base64url segments; anything else (`alg: none`, a stripped signature, 2 or 4 segments) is refused unread. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const JWKS_TIMEOUT_MS = 2_000;
const JWKS_MAX_BYTES = 128 * 1024;

type SigningKey = { readonly algorithm: 'HS256'; readonly key: KeyObject } | VerificationKey;

type ValidClaims = JwtPayload & { exp: number; sub: string };

function headerOf(token: string): JwtHeader | undefined {
  try {
    const header: unknown = decode(token, { complete: true })?.header;
    return typeof header === 'object' && header !== null ? (header as JwtHeader) : undefined;
  } catch {
    return undefined;
  }
}

const hasRequiredClaims = (payload: JwtPayload | string): payload is ValidClaims =>
  typeof payload === 'object' && typeof payload.exp === 'number' && typeof payload.sub === 'string' && payload.sub !== '';

/** What a `tier` claim must look like to be read; anything else is ignored. */
const TIER = /^[a-z0-9-]{1,32}$/;

function identityOf(claims: ValidClaims): Identity {
  const roles: unknown = claims['roles'];
  const scope: unknown = claims['scope'];
  const tier: unknown = claims['tier'];
  return {
    sub: claims.sub,
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [],
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    ...(typeof tier === 'string' && TIER.test(tier) ? { tier } : {}),
  };
}

/**
 * Verifies bearer tokens. An HS256 token is checked against the configured secret only; an RS256 or
 * ES256 token only against the JWKS key named by its `kid`, whose key type pins the algorithm (so
 * `none`, HS/RS confusion and foreign keys are refused). The header's `kid` is only a lookup key;
 * `jku`, `x5u`, `jwk` and `x5c` are never used. `exp` and `sub` are required, `nbf`/`iss`/`aud`
 * checked, with a clock skew (30 s by default). A verified token is remembered until its `exp`.
 */
@Injectable()
export class JwtVerifier implements OnModuleInit, OnApplicationShutdown {
  private readonly secret?: KeyObject;
  private readonly jwks?: JwksClient;
  private readonly cache: VerifiedTokenCache;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.secret = options.secret ? createSecretKey(Buffer.from(options.secret, 'utf8')) : undefined;
    this.jwks = options.jwksUri
      ? new JwksClient({
          uri: options.jwksUri,
          cooldownMs: options.jwksCooldownMs ?? 5_000,
          refreshIntervalMs: options.jwksRefreshIntervalMs ?? 300_000,
          timeoutMs: JWKS_TIMEOUT_MS,
          maxBytes: JWKS_MAX_BYTES,
        })
      : undefined;
    this.cache = new VerifiedTokenCache(options.tokenCacheSize ?? 10_000);
  }

  /** Fetches the JWKS once before the application starts; an unreachable endpoint is logged, not fatal. */
  async onModuleInit(): Promise<void> {
    await this.jwks?.start();
  }

  /** Stops the background JWKS refresh. */
  async onApplicationShutdown(): Promise<void> {
    await this.jwks?.stop();
  }

  /**
   * The identity in a valid token, or `undefined` for any invalid one (never rejects). At once for
   * a token verified before (the common case: no promise, no turn of the event loop), else a promise.
   */
  verify(token: string): Identity | undefined | Promise<Identity | undefined> {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    // A remembered token passed every check below once, its shape included: looked up before the shape is scanned again.
    const cached = this.cache.get(token, Date.now());
    if (cached !== undefined) {
      if (cached.key === undefined || this.jwks?.isCurrent(cached.key)) return cached.identity;
      this.cache.delete(token);
    }
    return this.verifyAnew(token);
  }

  private async verifyAnew(token: string): Promise<Identity | undefined> {
    if (!COMPACT_JWS.test(token)) return undefined;
    const header = headerOf(token);
    if (header === undefined || header.crit !== undefined) return undefined;
    const key = await this.keyFor(header);
    const claims = key && this.claimsOf(token, key);
    if (!key || !claims) return undefined;
    const identity = identityOf(claims);
    const verifiedBy = key.algorithm === 'HS256' ? undefined : key;
    this.cache.set(token, { identity, expiresAtMs: claims.exp * 1000, key: verifiedBy }, Date.now());
    return identity;
  }

  private async keyFor(header: JwtHeader): Promise<SigningKey | undefined> {
    if (header.alg === 'HS256') return this.secret && { algorithm: 'HS256', key: this.secret };
    if ((header.alg !== 'RS256' && header.alg !== 'ES256') || typeof header.kid !== 'string' || !this.jwks) return undefined;
    const key = await this.jwks.keyFor(header.kid);
    return key?.algorithm === header.alg ? key : undefined;
  }

  private claimsOf(token: string, key: SigningKey): ValidClaims | undefined {
    try {
      const payload = verify(token, key.key, {
        algorithms: [key.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSec ?? 30,
      });
      return hasRequiredClaims(payload) ? payload : undefined;
    } catch {
      return undefined;
    }
  }
}
