export { IS_PUBLIC, Public, REQUIRED_ROLES, REQUIRED_SCOPES, Roles, Scopes } from './lib/auth.decorators';
export { InvalidTokenException, MissingRoleException } from './lib/auth.exceptions';
export { AuthModule } from './lib/auth.module';
export { AUTH_OPTIONS, AuthOptions } from './lib/auth.options';
export { Identity, RequestWithIdentity } from './lib/identity';
export { GuardedRequest, JwtAuthGuard } from './lib/jwt-auth.guard';
export { JwtVerifier } from './lib/jwt.verifier';
export { RolesGuard } from './lib/roles.guard';
export { csrfRefusal, readCookie, sessionCookies, SessionOptions, SessionRequest } from './lib/session';
