import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { REQUIRED_ROLES } from './auth.decorators';
import { MissingRoleException } from './auth.exceptions';
import { Identity, RequestWithIdentity } from './identity';

/**
 * Global guard after authentication: a route with {@link Roles} needs any one of them.
 * Override {@link isAllowed} for other policies.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const { identity } = context.switchToHttp().getRequest<RequestWithIdentity>();
    if (!identity || !this.isAllowed(identity, required)) throw new MissingRoleException();
    return true;
  }

  /** Whether an identity may use a route requiring `required` (any-of). */
  protected isAllowed(identity: Identity, required: readonly string[]): boolean {
    return required.some((role) => identity.roles.includes(role));
  }
}
