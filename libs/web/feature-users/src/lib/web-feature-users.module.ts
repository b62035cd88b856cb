import { Module } from '@nestjs/common';
import { PassThroughRoutesModule } from '@bff/gateway-edge';
import { USER_FILES_ROUTE, USERS_V2_ROUTE } from './users-v2.route';

/** The web client's users routes: v2 and user files are declared pass-throughs. */
@Module({ imports: [PassThroughRoutesModule.register([USERS_V2_ROUTE, USER_FILES_ROUTE])] })
export class WebFeatureUsersModule {}
