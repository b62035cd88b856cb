import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from './auth.decorators';
import { InvalidTokenException } from './auth.exceptions';
import { RequestWithIdentity } from './identity';
import { JwtVerifier } from './jwt.verifier';

interface RequestLike extends RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
}

const BEARER = /^Bearer +([^ ]+) *$/i;

/**
 * Global guard: every route needs a valid bearer token unless marked {@link Public}. Sets
 * `request.identity`. Subclass and override {@link tokenOf} to take the token from elsewhere.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<RequestLike>();
    const token = this.tokenOf(request);
    if (token === undefined) throw new InvalidTokenException(request.headers['authorization'] !== undefined);
    const identity = await this.verifier.verify(token);
    if (!identity) throw new InvalidTokenException(true);
    request.identity = identity;
    return true;
  }

  /** The raw token of a request, or `undefined` when none was sent in a usable form. */
  protected tokenOf(request: RequestLike): string | undefined {
    const header = request.headers['authorization'];
    if (typeof header !== 'string') return undefined;
    return BEARER.exec(header)?.[1];
  }
}
