import { Module } from '@nestjs/common';
import { UsersV2Controller } from './users-v2.controller';

/** The web client's users routes. */
@Module({ controllers: [UsersV2Controller] })
export class WebFeatureUsersModule {}
