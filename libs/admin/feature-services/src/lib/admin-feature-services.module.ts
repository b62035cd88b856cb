import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';

/** The admin client's operator routes. */
@Module({ controllers: [AdminController] })
export class AdminFeatureServicesModule {}
