/** How a BFF verifies tokens. */
export interface AuthOptions {
  /** HS256 secret. */
  secret: string;
  /** When set, tokens must carry exactly this `iss`. */
  issuer?: string;
  /** When set, tokens must carry this `aud`. */
  audience?: string;
  /** Allowed clock skew for `exp`/`nbf`, in seconds. */
  clockToleranceSec?: number;
}

/** Injection token of the {@link AuthOptions}. */
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
