/** Loyalty tier of a user. */
export type UserTier = 'standard' | 'gold';

/** A user account served by the users service. */
export interface User {
  id: string;
  username: string;
  name: string;
  email: string;
  tier: UserTier;
  createdAt: string;
}

/** Body of `POST /users`. */
export interface CreateUserRequest {
  username: string;
  name: string;
  email: string;
}

/** Body of `PATCH /users/:id`; omitted fields stay unchanged. */
export type UpdateUserRequest = Partial<CreateUserRequest>;

/** Settings of a user, served by `GET /users/:id/preferences`. */
export interface UserPreferences {
  userId: string;
  language: string;
  currency: string;
  newsletter: boolean;
}
