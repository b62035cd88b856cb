import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { parseDuration } from '@bff/gateway-config';
// A cycle by design: the interceptor reads this file's metadata key at request time only.
import { CacheInterceptor } from './cache.interceptor';

/** How long a route's answers are kept: durations as `500ms`, `30s`, `5m`, `1h`, or milliseconds. */
export interface CacheRouteOptions {
  /** Served as `HIT` this long after being stored (capped by the answer's `max-age`). */
  ttl: string | number;
  /** Then served as `STALE` this long while one background call refreshes it. Default none. */
  staleWhileRevalidate?: string | number;
  /** After `ttl`, served as `STALE` this long when refreshing fails with a 5xx, timeout or open circuit. Default none. */
  staleIfError?: string | number;
}

/** The resolved policy of a cacheable route, in milliseconds. */
export interface CachePolicy {
  readonly ttlMs: number;
  readonly staleWhileRevalidateMs: number;
  readonly staleIfErrorMs: number;
}

/** Metadata key of {@link CacheRoute}. */
export const CACHE_ROUTE = 'bff:cacheRoute';

const toMs = (name: string, value: string | number | undefined, required: boolean): number => {
  if (value === undefined && !required) return 0;
  const ms = typeof value === 'number' ? value : value === undefined ? undefined : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) throw new Error(`@CacheRoute: ${name} must be a positive duration such as 30s`);
  return ms;
};

/**
 * Caches a GET route's answers (the value the handler returns, serialised by Nest). Public
 * (`@Public()`) routes share one entry per URL; every other route keeps one entry per user. A
 * handler opts a single answer out with `Cache-Control: no-store` (or `private` on a public route,
 * or a smaller `max-age`), on its reply or from the upstream it called through `JsonClient`.
 * Answers carry `x-cache: HIT | MISS | STALE`.
 *
 * @example
 * @Public()
 * @CacheRoute({ ttl: '30s', staleWhileRevalidate: '60s', staleIfError: '5m' })
 * @Get(':id')
 * product(@Param('id') id: string, @Req() request: FastifyRequest) { ... }
 */
export const CacheRoute = (options: CacheRouteOptions): MethodDecorator => {
  const policy: CachePolicy = {
    ttlMs: toMs('ttl', options.ttl, true),
    staleWhileRevalidateMs: toMs('staleWhileRevalidate', options.staleWhileRevalidate, false),
    staleIfErrorMs: toMs('staleIfError', options.staleIfError, false),
  };
  // Only cached routes run the interceptor: the others never pay for it.
  return applyDecorators(SetMetadata(CACHE_ROUTE, policy), UseInterceptors(CacheInterceptor));
};
