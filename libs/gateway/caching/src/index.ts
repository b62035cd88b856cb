/**
 * @bff/gateway-caching: response caching for every BFF: `@CacheRoute()`, memory and Redis stores,
 * stale-while-revalidate, stale-if-error, request coalescing, prefix invalidation.
 */
export { buildCacheKey, CacheKeyParts, invalidationPattern, MAX_KEY_LENGTH, normaliseQuery } from './lib/cache-key';
export { parseCacheControl, StoragePolicy } from './lib/cache-control';
export { CacheUnavailableException, InvalidCachePrefixException } from './lib/cache.exceptions';
export { CacheInterceptor, SharedCacheRoute } from './lib/cache.interceptor';
export { CacheInvalidator } from './lib/cache.invalidator';
export { CacheMetrics, CacheResult } from './lib/cache.metrics';
export { CACHE_ROUTE, CachePolicy, CacheRoute, CacheRouteOptions } from './lib/cache-route.decorator';
export { CacheEntry, CacheStore, InjectCacheStore } from './lib/cache.store';
export { CACHING_OPTIONS } from './lib/caching.module-definition';
export { CachingModule } from './lib/caching.module';
export { CachingOptions, DEFAULT_CACHE_NAMESPACE } from './lib/caching.options';
export { MemoryCacheStore, RedisCacheStore } from './lib/keyv-cache.store';
export { CacheStoreTimeoutError, RedisKeyvAdapterOptions } from './lib/redis-keyv.adapter';
export { SingleFlight } from './lib/single-flight';
