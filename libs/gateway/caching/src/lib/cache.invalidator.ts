import { Inject, Injectable, Logger } from '@nestjs/common';
import { invalidationPattern } from './cache-key';
import { CacheUnavailableException, InvalidCachePrefixException } from './cache.exceptions';
import { CacheStore, InjectCacheStore } from './cache.store';
import { CACHING_OPTIONS } from './caching.module-definition';
import { CachingOptions, DEFAULT_CACHE_NAMESPACE } from './caching.options';

/**
 * Deletes cached responses by prefix. With Redis every BFF shares the key space, so one BFF (the
 * admin BFF) can invalidate another's entries; without Redis only this process's entries exist.
 *
 * @example
 * await invalidator.invalidate('/api/v1/products/p-7');           // that product, every BFF
 * await invalidator.invalidate('bff:cache:mobile:/api/v1/products'); // mobile's product entries only
 */
@Injectable()
export class CacheInvalidator {
  private readonly logger = new Logger('Cache');
  private readonly namespace: string;

  constructor(
    @InjectCacheStore() private readonly store: CacheStore,
    @Inject(CACHING_OPTIONS) options: CachingOptions,
  ) {
    this.namespace = options.namespace ?? DEFAULT_CACHE_NAMESPACE;
  }

  /**
   * Deletes the entries `prefix` names and answers how many: a path prefix (`/api/v1/products`)
   * in every BFF, or a key prefix (`bff:cache:mobile:`). Throws {@link InvalidCachePrefixException}
   * (400) for anything else and {@link CacheUnavailableException} (503) when the store fails.
   */
  async invalidate(prefix: string): Promise<number> {
    const pattern = invalidationPattern(this.namespace, prefix);
    if (pattern === undefined) throw new InvalidCachePrefixException();
    try {
      const deleted = await this.store.deleteMatching(pattern);
      this.logger.log(`Invalidated ${deleted} cached responses matching ${pattern}`);
      return deleted;
    } catch (error) {
      this.logger.warn(`Invalidation of ${pattern} failed: ${(error as Error).message}`);
      throw new CacheUnavailableException();
    }
  }
}
