import { Module } from '@nestjs/common';
import { CacheInterceptor } from './cache.interceptor';
import { CacheInvalidator } from './cache.invalidator';
import { CacheMetrics } from './cache.metrics';
import { CacheStore } from './cache.store';
import { CACHING_OPTIONS, CachingConfigurableModule } from './caching.module-definition';
import { CachingOptions, DEFAULT_CACHE_NAMESPACE } from './caching.options';
import { MemoryCacheStore, RedisCacheStore } from './keyv-cache.store';

const createStore = (options: CachingOptions): CacheStore =>
  options.redisUrl
    ? new RedisCacheStore({
        url: options.redisUrl,
        namespace: options.namespace ?? DEFAULT_CACHE_NAMESPACE,
        timeoutMs: options.redisTimeoutMs ?? 50,
      })
    : new MemoryCacheStore(options.maxEntries ?? 5_000);

/**
 * Response caching for one BFF: the {@link CacheStore} (Redis when `redisUrl` is set, else an
 * in-process LRU), the {@link CacheInterceptor} that `@CacheRoute()` puts on its routes (and only there), the
 * {@link CacheInvalidator} and `cache_requests_total`. Import it after the observability module.
 * The cache is not a readiness dependency: a cache that fails costs MISSes, not availability.
 *
 * @example
 * imports: [CachingModule.forRoot({ client: 'mobile', redisUrl: config.redisUrl })]
 */
@Module({
  providers: [
    { provide: CacheStore, useFactory: createStore, inject: [CACHING_OPTIONS] },
    CacheMetrics,
    CacheInvalidator,
    CacheInterceptor,
  ],
  // What @CacheRoute's interceptor needs, wherever the route's module is.
  exports: [CacheStore, CacheInvalidator, CacheInterceptor, CacheMetrics, CACHING_OPTIONS],
})
export class CachingModule extends CachingConfigurableModule {}
