import {
  CreateUserRequest,
  Page,
  UpdateUserRequest,
  User,
  UserPreferences,
} from '@bff/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { paginate } from '../common/pagination';
import { SEED_DATA } from '../data/seed';

/** In-memory user store, starting from the seeded users. */
@Injectable()
export class UsersService {
  private readonly users = new Map(
    SEED_DATA.users.map((user) => [user.id, { ...user }]),
  );
  private readonly preferences = new Map(
    SEED_DATA.preferences.map((p) => [p.userId, p]),
  );
  private nextId = SEED_DATA.users.length + 1;

  list(limit: number, offset: number): Page<User> {
    return paginate([...this.users.values()], limit, offset);
  }

  get(id: string): User {
    const user = this.users.get(id);
    if (!user) {
      throw new NotFoundException('user not found');
    }
    return user;
  }

  create(request: CreateUserRequest): User {
    const user: User = {
      id: `u-${this.nextId++}`,
      ...request,
      tier: 'standard',
      createdAt: new Date().toISOString(),
    };
    this.users.set(user.id, user);
    return user;
  }

  update(id: string, changes: UpdateUserRequest): User {
    return Object.assign(this.get(id), changes);
  }

  remove(id: string): void {
    this.get(id);
    this.users.delete(id);
    this.preferences.delete(id);
  }

  preferencesOf(id: string): UserPreferences {
    this.get(id);
    return (
      this.preferences.get(id) ?? {
        userId: id,
        language: 'en',
        currency: 'EUR',
        newsletter: false,
      }
    );
  }
}
