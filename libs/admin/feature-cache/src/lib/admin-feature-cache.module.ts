import { Module } from '@nestjs/common';
import { CacheAdminController } from './cache-admin.controller';

/** The admin client's cache routes (invalidation). */
@Module({ controllers: [CacheAdminController] })
export class AdminFeatureCacheModule {}
