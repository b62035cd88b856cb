import { Identity } from './identity';
import { VerificationKey } from './jwk-set.parser';

/** What is remembered of a token that passed verification. */
export interface VerifiedToken {
  readonly identity: Identity;
  /** The token's `exp`, in epoch milliseconds: the entry is never served from then on. */
  readonly expiresAtMs: number;
  /** The JWKS key that verified it; `undefined` for an HS256 token. */
  readonly key?: VerificationKey;
}

/**
 * A bounded LRU of verified tokens keyed by the token string, so a hot token is verified once.
 * An entry is served only before its token's `exp`; the least recently used entry is evicted when
 * the cache is full.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries: number) {}

  /** The entry of `token` if it has not expired at `nowMs`; a hit becomes the most recently used. */
  get(token: string, nowMs: number): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    this.entries.delete(token);
    if (entry.expiresAtMs <= nowMs) return undefined;
    this.entries.set(token, entry);
    return entry;
  }

  /** Remembers a verified token unless it has already expired at `nowMs`. */
  set(token: string, entry: VerifiedToken, nowMs: number): void {
    if (entry.expiresAtMs <= nowMs || this.maxEntries < 1) return;
    this.entries.delete(token);
    this.entries.set(token, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Forgets `token`. */
  delete(token: string): void {
    this.entries.delete(token);
  }

  /** The number of entries held, expired ones included until they are looked up or evicted. */
  get size(): number {
    return this.entries.size;
  }
}
