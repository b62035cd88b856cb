/** The verified identity of a request's caller, taken from its token. */
export interface Identity {
  /** The token's `sub`. */
  readonly sub: string;
  /** The `roles` claim (strings only). */
  readonly roles: readonly string[];
  /** The `scope` claim, split on spaces. */
  readonly scopes: readonly string[];
}

/** A request that may carry a verified identity (set by the JWT guard). */
export interface RequestWithIdentity {
  identity?: Identity;
}
