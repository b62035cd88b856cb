/**
 * How a BFF verifies tokens. HS256 tokens are checked against `secret`, RS256/ES256 tokens against
 * the key of their `kid` at `jwksUri`; a token whose kind of key is not configured is refused.
 */
import type { SessionOptions } from './session';

/** How a BFF verifies tokens. */
export interface AuthOptions {
  /** HS256 secret; without it every HS256 token is refused. */
  secret?: string;
  /** JWKS endpoint of the RS256/ES256 keys; without it every RS256/ES256 token is refused. */
  jwksUri?: string;
  /** When set, tokens must carry exactly this `iss`. */
  issuer?: string;
  /** When set, tokens must carry this `aud`. */
  audience?: string;
  /** Allowed clock skew for `exp`/`nbf`, in seconds (default 30). */
  clockToleranceSec?: number;
  /** Least time between two JWKS fetches caused by unknown `kid`s, in ms (default 5 s). */
  jwksCooldownMs?: number;
  /** Interval of the background JWKS refresh, in ms (default 5 min). */
  jwksRefreshIntervalMs?: number;
  /** Most verified tokens remembered until their `exp` (default 10 000). */
  tokenCacheSize?: number;
  /** When set, a token may also come from a session cookie, and unsafe requests then need CSRF proof. */
  session?: SessionOptions;
}

/** Injection token of the {@link AuthOptions}. */
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
