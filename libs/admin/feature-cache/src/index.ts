export { CacheAdminController } from './lib/cache-admin.controller';
export { AdminFeatureCacheModule } from './lib/admin-feature-cache.module';
export { InvalidateCacheQuery } from './lib/invalidate-cache.query';
