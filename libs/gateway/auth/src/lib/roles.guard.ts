import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { REQUIRED_ROLES, REQUIRED_SCOPES } from './auth.decorators';
import { MissingRoleException } from './auth.exceptions';
import { Identity, RequestWithIdentity } from './identity';
import { RouteMemo } from '@bff/gateway-route-memo';

/** What a route requires: any one of `roles` and every one of `scopes` (empty: no requirement). */
interface RouteRequirements {
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
}

/**
 * Global guard after authentication: a route with {@link Roles} needs any one of them, a route
 * with {@link Scopes} every one of them. Override {@link isAllowed} for other policies.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly requirements: RouteMemo<RouteRequirements>;

  constructor(reflector: Reflector) {
    this.requirements = new RouteMemo((route) => ({
      roles: reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, route) ?? [],
      scopes: reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, route) ?? [],
    }));
  }

  canActivate(context: ExecutionContext): boolean {
    const { roles, scopes } = this.requirements.of(context.getHandler(), context.getClass());
    if (roles.length === 0 && scopes.length === 0) return true;
    const { identity } = context.switchToHttp().getRequest<RequestWithIdentity>();
    if (!identity || !this.isAllowed(identity, roles, scopes)) throw new MissingRoleException();
    return true;
  }

  /** Whether an identity may use a route requiring any of `roles` and all of `scopes` (empty: no requirement). */
  protected isAllowed(identity: Identity, roles: readonly string[], scopes: readonly string[]): boolean {
    const hasRole = roles.length === 0 || roles.some((role) => identity.roles.includes(role));
    return hasRole && scopes.every((scope) => identity.scopes.includes(scope));
  }
}
