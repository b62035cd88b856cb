import { LruMap } from '@bff/gateway-lru';
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
  private readonly entries: LruMap<string, VerifiedToken>;

  constructor(maxEntries: number) {
    this.entries = new LruMap(maxEntries);
  }

  /** The entry of `token` if it has not expired at `nowMs`; a hit becomes the most recently used. */
  get(token: string, nowMs: number): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined || entry.expiresAtMs > nowMs) return entry;
    this.entries.delete(token);
    return undefined;
  }

  /** Remembers a verified token unless it has already expired at `nowMs`. */
  set(token: string, entry: VerifiedToken, nowMs: number): void {
    if (entry.expiresAtMs > nowMs) this.entries.set(token, entry);
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
