import { Module } from '@nestjs/common';
import { PassThroughRoutesModule } from '@bff/gateway-edge';
import { UsersV1Controller } from './users-v1.controller';
import { USER_FILES_ROUTE, USERS_V2_ROUTE } from './users-v2.route';

/** The web client's users routes: v2 and user files are declared pass-throughs; v1 renames `username` to `user_name`. */
@Module({ imports: [PassThroughRoutesModule.register([USERS_V2_ROUTE, USER_FILES_ROUTE])], controllers: [UsersV1Controller] })
export class WebFeatureUsersModule {}
