import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Public}. */
export const IS_PUBLIC = 'bff:isPublic';
/** Metadata key of {@link Roles}. */
export const REQUIRED_ROLES = 'bff:roles';

/** Metadata key of {@link Scopes}. */
export const REQUIRED_SCOPES = 'bff:scopes';

/** Marks a route or controller as needing no token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Requires any one of the given roles (from the token's `roles` claim); 403 otherwise.
 *
 * @example
 * @Roles('admin')
 * @Get('services')
 * services() { ... }
 */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * Requires every one of the given scopes (from the token's space-separated `scope` claim); 403
 * otherwise.
 *
 * @example
 * @Scopes('orders:write')
 * @Post()
 * create() { ... }
 */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_SCOPES, scopes);
