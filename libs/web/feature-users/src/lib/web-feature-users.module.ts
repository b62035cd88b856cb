import { Module } from '@nestjs/common';
import { PassThroughRoutesModule } from '@bff/gateway-edge';
import { USERS_V2_ROUTE } from './users-v2.route';

/** The web client's users routes: v2 is a declared pass-through. */
@Module({ imports: [PassThroughRoutesModule.register([USERS_V2_ROUTE])] })
export class WebFeatureUsersModule {}
