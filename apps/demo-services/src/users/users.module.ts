import { Module } from '@nestjs/common';
import { HttpServiceModule } from '../common/http-service.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** The users HTTP service. */
@Module({
  imports: [HttpServiceModule.forService('users')],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
