import { createHash, timingSafeEqual } from 'node:crypto';

/** A machine client that may present `x-api-key`; only the SHA-256 of its key is configured. */
export interface ApiKey {
  /** 1-64 of `[A-Za-z0-9_-]`; the client is tracked as `key:<name>`. */
  readonly name: string;
  /** The tier whose default policy the client gets. */
  readonly tier: string;
  /** SHA-256 of the key, 64 hex digits. */
  readonly sha256: string;
}

/** Longer values are not hashed: no configured key is that long, and hashing them is wasted work. */
const MAX_KEY_LENGTH = 512;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Finds the configured {@link ApiKey} whose hash is the SHA-256 of a presented key. Every
 * configured hash is compared with `timingSafeEqual`, so the time taken tells nothing about how
 * close a guess came. Anything that matches no key (a missing, repeated or invented header) is
 * `undefined`: the caller treats the request as if no key had been sent.
 */
export class ApiKeyMatcher {
  private readonly keys: readonly { key: ApiKey; digest: Buffer }[];

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map((key) => {
      if (!SHA256_HEX.test(key.sha256)) throw new Error(`API key ${key.name}: sha256 must be 64 hex digits`);
      return { key, digest: Buffer.from(key.sha256, 'hex') };
    });
  }

  /** The key whose hash matches `presented` (a header value), if any. */
  match(presented: unknown): ApiKey | undefined {
    if (this.keys.length === 0 || typeof presented !== 'string' || presented.length === 0 || presented.length > MAX_KEY_LENGTH) return undefined;
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: ApiKey | undefined;
    for (const { key, digest: expected } of this.keys) {
      if (timingSafeEqual(digest, expected) && found === undefined) found = key;
    }
    return found;
  }
}
