import { Logger } from '@nestjs/common';
import { parseJwkSet, VerificationKey } from './jwk-set.parser';
import { fetchJwksDocument } from './jwks.fetcher';

/** Where a {@link JwksClient} finds its keys and how often it may ask. */
export interface JwksClientOptions {
  /** The JWKS endpoint (`{ "keys": [...] }`). */
  uri: string;
  /** Least time between two fetches caused by unknown `kid`s, in ms. */
  cooldownMs: number;
  /** Interval of the background refresh, in ms. */
  refreshIntervalMs: number;
  /** Timeout of one fetch, body included, in ms. */
  timeoutMs: number;
  /** Largest accepted JWKS document, in bytes. */
  maxBytes: number;
}

/** A short reason for a failed fetch, with the network error code when there is one. */
function reasonOf(error: unknown): string {
  const { message, code } = error as Error & { code?: string };
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * The verification keys published at a JWKS endpoint, held in memory. They are fetched by
 * {@link start}, refreshed in the background, and refetched when a token names an unknown `kid`:
 * at most once per cooldown, one fetch shared by every concurrent miss. A failed fetch (endpoint
 * down, error status, timeout, oversized or garbage answer) keeps the keys already known; a
 * well-formed JWK Set replaces them, so a key removed from the JWKS stops being trusted.
 */
export class JwksClient {
  private readonly logger = new Logger('Jwks');
  private keys: ReadonlyMap<string, VerificationKey> = new Map();
  private inFlight?: Promise<void>;
  private lastMissFetchAt = Number.NEGATIVE_INFINITY;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: JwksClientOptions) {}

  /** Fetches the keys once (a failure is logged, not thrown) and starts the background refresh. */
  async start(): Promise<void> {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.refresh(), this.options.refreshIntervalMs);
    this.timer.unref();
    await this.refresh();
  }

  /** Stops the background refresh; resolves once a fetch already running has settled. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /**
   * The key published under `kid`. An unknown `kid` triggers one refetch unless another fetch is
   * running (then that one is awaited) or the cooldown since the last miss-triggered fetch has not
   * passed; `undefined` when the key is still unknown.
   */
  async keyFor(kid: string): Promise<VerificationKey | undefined> {
    const known = this.keys.get(kid);
    if (known !== undefined) return known;
    await this.refetchAfterMiss();
    return this.keys.get(kid);
  }

  /** Whether `key` is still the one published under its `kid`. */
  isCurrent(key: VerificationKey): boolean {
    return this.keys.get(key.kid) === key;
  }

  private refetchAfterMiss(): Promise<void> {
    if (this.inFlight !== undefined) return this.inFlight;
    const now = performance.now();
    if (now - this.lastMissFetchAt < this.options.cooldownMs) return Promise.resolve();
    this.lastMissFetchAt = now;
    return this.refresh();
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const { uri, timeoutMs, maxBytes } = this.options;
    try {
      const keys = parseJwkSet(await fetchJwksDocument(uri, { timeoutMs, maxBytes }));
      if (keys === undefined) throw new Error('answered something that is not a JWK Set');
      this.keys = keys;
    } catch (error) {
      const keeping = this.keys.size === 0 ? 'no keys yet: RS256/ES256 tokens are refused' : `keeping ${this.keys.size} known keys`;
      this.logger.warn(`JWKS ${uri} unavailable (${reasonOf(error)}); ${keeping}`);
    }
  }
}
