import { Module } from '@nestjs/common';
import { UsersV1Controller } from './users-v1.controller';
import { UsersV2Controller } from './users-v2.controller';

/** The web client's users routes, v2 (service shape) and v1 (`user_name`). */
@Module({ controllers: [UsersV2Controller, UsersV1Controller] })
export class WebFeatureUsersModule {}
