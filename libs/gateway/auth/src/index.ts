export { IS_PUBLIC, Public, REQUIRED_ROLES, Roles } from './lib/auth.decorators';
export { InvalidTokenException, MissingRoleException } from './lib/auth.exceptions';
export { AuthModule } from './lib/auth.module';
export { AuthOptions } from './lib/auth.options';
export { Identity, RequestWithIdentity } from './lib/identity';
export { JwtAuthGuard } from './lib/jwt-auth.guard';
export { JwtVerifier } from './lib/jwt.verifier';
export { RolesGuard } from './lib/roles.guard';
