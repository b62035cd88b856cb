import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtVerifier } from './jwt.verifier';
import { RolesGuard } from './roles.guard';

/**
 * Authentication and authorization for one BFF: a global JWT guard (skipping `@Public()` routes)
 * followed by a global roles guard. Needs an HS256 `secret`, a `jwksUri`, or both.
 *
 * @example
 * AuthModule.forRoot({ secret: config.jwt.secret, jwksUri: config.jwt.jwksUri, issuer: config.jwt.issuer })
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    if (!options.secret && !options.jwksUri) throw new Error('AuthModule needs a secret, a jwksUri or both');
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        JwtVerifier,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [JwtVerifier, AUTH_OPTIONS],
    };
  }
}
