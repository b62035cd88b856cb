/** What identifies one cached response. */
export interface CacheKeyParts {
  /** Key namespace shared by every BFF, `bff:cache:`. */
  readonly namespace: string;
  /** The BFF's client (`web`, `mobile`, `admin`). */
  readonly client: string;
  /** The request's path and query as received (`/api/v1/products/p-7?b=2&a=1`). */
  readonly url: string;
  /** The verified user for non-public routes; `undefined` makes a shared (public) entry. */
  readonly user?: string;
}

/** Longest key the gateway stores; longer URLs are served uncached. */
export const MAX_KEY_LENGTH = 1024;

/**
 * The query with its parameters sorted by name (the values of a repeated name keep their order)
 * and encoded one way, so `?b=2&a=1` and `?a=1&b=2` share an entry.
 */
export function normaliseQuery(query: string): string {
  const params = new URLSearchParams(query);
  params.sort();
  return params.toString();
}

/**
 * `<namespace><client>:<path>?<sorted query>|<scope>` where scope is `public` or `u:<user>`
 * (URL-encoded), e.g. `bff:cache:mobile:/api/v1/products/p-7?|public`. The client first lets an
 * operator target one BFF's entries by key prefix; the path next lets a path prefix target a
 * route's entries in every BFF. `undefined` when the key would exceed {@link MAX_KEY_LENGTH}.
 */
export function buildCacheKey(parts: CacheKeyParts): string | undefined {
  const queryStart = parts.url.indexOf('?');
  const path = queryStart === -1 ? parts.url : parts.url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : normaliseQuery(parts.url.slice(queryStart + 1));
  const scope = parts.user === undefined ? 'public' : `u:${encodeURIComponent(parts.user)}`;
  const key = `${parts.namespace}${parts.client}:${path}?${query}|${scope}`;
  return key.length > MAX_KEY_LENGTH ? undefined : key;
}

const PREFIX_SHAPE = /^[\x21-\x7e]{1,512}$/;
const GLOB_SPECIALS = /[*?[\]\\]/;

/**
 * The glob (`*` = any run of characters, nothing else special) of the entries an invalidation
 * `prefix` names, or `undefined` when the prefix is not acceptable:
 * - a key prefix starting with the namespace (`bff:cache:mobile:/api/v1/products/`) matches the
 *   keys that start with it: one BFF's entries;
 * - a path prefix starting with `/` (`/api/v1/products`) matches that path prefix in every BFF.
 *
 * Glob characters (`*?[]\`), spaces and control characters are refused.
 */
export function invalidationPattern(namespace: string, prefix: string): string | undefined {
  if (!PREFIX_SHAPE.test(prefix) || GLOB_SPECIALS.test(prefix)) return undefined;
  if (prefix.startsWith('/')) return `${namespace}*:${prefix}*`;
  if (prefix.startsWith(namespace)) return `${prefix}*`;
  return undefined;
}

/** Whether `key` matches a glob of {@link invalidationPattern} (only `*` is special). */
export function matchesPattern(pattern: string, key: string): boolean {
  const parts = pattern.split('*');
  if (!key.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1) return part === '' || (key.length - part.length >= at && key.endsWith(part));
    const found = key.indexOf(part, at);
    if (found === -1) return false;
    at = found + part.length;
  }
  return at === key.length;
}
