/** The verified identity of a request's caller, taken from its token. */
export interface Identity {
  /** The token's `sub`. */
  readonly sub: string;
  /** The `roles` claim (strings only). */
  readonly roles: readonly string[];
  /** The `scope` claim, split on spaces. */
  readonly scopes: readonly string[];
  /**
   * The `tier` claim (e.g. `partner`) when it is 1-32 of `[a-z0-9-]`; the rate limiter accepts it
   * only when it names a configured tier.
   */
  readonly tier?: string;
}

/** A request that may carry a verified identity (set by the JWT guard). */
export interface RequestWithIdentity {
  identity?: Identity;
}
