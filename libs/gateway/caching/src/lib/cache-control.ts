/** What a set of `Cache-Control` headers allows a shared cache (this gateway) to do with a response. */
export interface StoragePolicy {
  /** `no-store` or `no-cache`: the response is not stored at all. */
  readonly noStore: boolean;
  /** `private`: only a per-user (never a shared) entry may hold it. */
  readonly private: boolean;
  /** Seconds from `s-maxage`, else `max-age`, the smallest over all headers; caps the route's TTL. */
  readonly maxAgeSeconds?: number;
}

const SECONDS = /^\d{1,10}$/;

/**
 * Reads `Cache-Control` header values (the handler's and the upstreams' a handler called) as a
 * shared cache must: any `no-store`/`no-cache` forbids storing, any `private` forbids a shared
 * entry, and the smallest `s-maxage` (else `max-age`) caps the lifetime. Unknown directives and
 * malformed ages are ignored; `max-age` without a valid number is treated as 0 (do not store).
 *
 * @example
 * parseCacheControl(['public, max-age=30', 'private']) // { noStore: false, private: true, maxAgeSeconds: 30 }
 */
export function parseCacheControl(values: readonly string[]): StoragePolicy {
  let noStore = false;
  let isPrivate = false;
  let maxAge: number | undefined;
  let sharedMaxAge: number | undefined;
  for (const value of values) {
    for (const directive of value.split(',')) {
      const [rawName, ...rest] = directive.split('=');
      const name = rawName.trim().toLowerCase();
      const argument = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
      const seconds = SECONDS.test(argument) ? Number(argument) : 0;
      if (name === 'no-store' || name === 'no-cache') noStore = true;
      else if (name === 'private') isPrivate = true;
      else if (name === 'max-age') maxAge = Math.min(maxAge ?? seconds, seconds);
      else if (name === 's-maxage') sharedMaxAge = Math.min(sharedMaxAge ?? seconds, seconds);
    }
  }
  const maxAgeSeconds = sharedMaxAge ?? maxAge;
  return maxAgeSeconds === undefined ? { noStore, private: isPrivate } : { noStore, private: isPrivate, maxAgeSeconds };
}
