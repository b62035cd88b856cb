import { CreateUserRequest, UpdateUserRequest } from '@bff/contracts';
import { z } from 'zod';
import { limitParam, offsetParam } from '../common/pagination';

/** Body of `POST /users`. */
export const createUserSchema = z.object({
  username: z.string().trim().min(1),
  name: z.string().trim().min(1),
  email: z.email(),
}) satisfies z.ZodType<CreateUserRequest>;

/** Body of `PATCH /users/:id`. */
export const updateUserSchema =
  createUserSchema.partial() satisfies z.ZodType<UpdateUserRequest>;

/** Query of `GET /users`. */
export const listUsersQuery = z.object({
  limit: limitParam(20, 100),
  offset: offsetParam,
});

/** Parsed query of `GET /users`. */
export type ListUsersQuery = z.output<typeof listUsersQuery>;
