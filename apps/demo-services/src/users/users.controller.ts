import {
  CreateUserRequest,
  Page,
  UpdateUserRequest,
  User,
  UserPreferences,
} from '@bff/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ZodPipe } from '../common/zod.pipe';
import {
  createUserSchema,
  ListUsersQuery,
  listUsersQuery,
  updateUserSchema,
} from './users.schemas';
import { UsersService } from './users.service';

/** CRUD over users plus their preferences. */
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query(new ZodPipe(listUsersQuery)) query: ListUsersQuery): Page<User> {
    return this.users.list(query.limit, query.offset);
  }

  @Get(':id')
  get(@Param('id') id: string): User {
    return this.users.get(id);
  }

  @Post()
  create(@Body(new ZodPipe(createUserSchema)) body: CreateUserRequest): User {
    return this.users.create(body);
  }

  @Patch(':id')
  update(
    @Param('id') id: string,
    @Body(new ZodPipe(updateUserSchema)) body: UpdateUserRequest,
  ): User {
    return this.users.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Param('id') id: string): void {
    this.users.remove(id);
  }

  @Get(':id/preferences')
  preferences(@Param('id') id: string): UserPreferences {
    return this.users.preferencesOf(id);
  }
}
