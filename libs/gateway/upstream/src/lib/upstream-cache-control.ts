const UPSTREAM_CACHE_CONTROL = Symbol('UpstreamCacheControl');

interface WithUpstreamCacheControl {
  [UPSTREAM_CACHE_CONTROL]?: string[];
}

/** Remembers on the incoming request the `Cache-Control` an upstream answered it with. */
export function noteUpstreamCacheControl(origin: object, value: string | string[] | undefined): void {
  if (value === undefined) return;
  const noted = ((origin as WithUpstreamCacheControl)[UPSTREAM_CACHE_CONTROL] ??= []);
  noted.push(...(Array.isArray(value) ? value : [value]));
}

/**
 * Every `Cache-Control` value the upstreams answered while serving `request` (through
 * `JsonClient`), so a response cache can honour `no-store`, `private` and `max-age` of the parts a
 * handler composed.
 */
export function upstreamCacheControlOf(request: object): readonly string[] {
  return (request as WithUpstreamCacheControl)[UPSTREAM_CACHE_CONTROL] ?? [];
}
