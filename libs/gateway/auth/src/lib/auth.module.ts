import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtVerifier } from './jwt.verifier';
import { RolesGuard } from './roles.guard';

/**
 * Authentication and authorization for one BFF: a global JWT guard (skipping `@Public()` routes)
 * followed by a global roles guard.
 *
 * @example
 * AuthModule.forRoot({ secret: config.jwt.secret, issuer: config.jwt.issuer })
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        JwtVerifier,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [JwtVerifier],
    };
  }
}
