import { Controller, Delete, Query } from '@nestjs/common';
import { Roles } from '@bff/gateway-auth';
import { CacheInvalidator } from '@bff/gateway-caching';
import { InvalidateCacheQuery } from './invalidate-cache.query';

/** Operator control of the response cache; needs role `admin`. */
@Roles('admin')
@Controller('api/v1/admin/cache')
export class CacheAdminController {
  constructor(private readonly invalidator: CacheInvalidator) {}

  /**
   * `DELETE /api/v1/admin/cache?prefix=`: deletes the cached responses under a path prefix (in
   * every BFF sharing the Redis) or a key prefix (`bff:cache:<client>:...`), answering how many.
   */
  @Delete()
  async invalidate(@Query() query: InvalidateCacheQuery): Promise<{ invalidated: number }> {
    return { invalidated: await this.invalidator.invalidate(query.prefix) };
  }
}
