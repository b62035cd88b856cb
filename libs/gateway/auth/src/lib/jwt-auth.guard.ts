import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from './auth.decorators';
import { InvalidTokenException } from './auth.exceptions';
import { Identity, RequestWithIdentity } from './identity';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { JwtVerifier } from './jwt.verifier';
import { RouteMemo } from '@bff/gateway-route-memo';
import { csrfRefusal, readCookie, SessionRequest, withoutCookies } from './session';

/** The parts of a request the JWT guard reads. */
export interface GuardedRequest extends RequestWithIdentity, SessionRequest {
  /** The Node request, whose raw headers show what Node's parsed headers hide (duplicates). */
  raw?: { rawHeaders: string[] };
}

/** Whether `name` (lower case) occurs more than once: Node keeps only the first `Authorization`. */
function sentTwice(rawHeaders: readonly string[], name: string): boolean {
  let seen = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === name.length && rawHeaders[i].toLowerCase() === name && ++seen > 1) return true;
  }
  return false;
}

const BEARER = /^Bearer +([^ ]+) *$/i;

/** The session and CSRF cookies a request carried. */
interface SessionCookies {
  readonly token?: string;
  readonly csrf?: string;
}

/** What a request without session cookies (or with sessions off) carries: one object for all of them. */
const NO_SESSION: SessionCookies = Object.freeze({});

/** Sets the verified identity on the request; a token that failed verification is refused. */
function admitted(request: RequestWithIdentity, identity: Identity | undefined): true {
  if (!identity) throw new InvalidTokenException(true);
  request.identity = identity;
  return true;
}

/**
 * Global guard: every route needs a valid bearer token unless marked {@link Public}. Sets
 * `request.identity`. Subclass and override {@link tokenOf} to take the token from elsewhere.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly isPublic: RouteMemo<boolean>;

  constructor(
    reflector: Reflector,
    private readonly verifier: JwtVerifier,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    this.isPublic = new RouteMemo((route) => reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, route) === true);
  }

  /** Synchronous for a token verified before: no promise for Nest to wait on. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const session = this.takeSessionCookies(request);
    if (this.isPublic.of(context.getHandler(), context.getClass())) return true;
    let token = this.tokenOf(request);
    if (token === undefined && session.token !== undefined && this.options.session) {
      const refusal = csrfRefusal(request, this.options.session, session.csrf);
      if (refusal) throw new ForbiddenException({ detail: refusal });
      token = session.token;
    }
    if (token === undefined) throw new InvalidTokenException(request.headers['authorization'] !== undefined);
    const identity = this.verifier.verify(token);
    return identity instanceof Promise ? identity.then((verified) => admitted(request, verified)) : admitted(request, identity);
  }

  /**
   * With cookie sessions on, reads the session and CSRF cookies and removes them from the request,
   * so the credential never travels upstream (like `Authorization`, which is never forwarded).
   */
  private takeSessionCookies(request: GuardedRequest): SessionCookies {
    const cookies = request.headers['cookie'];
    const { session } = this.options;
    if (!session || typeof cookies !== 'string') return NO_SESSION;
    request.headers['cookie'] = withoutCookies(cookies, [session.cookie, session.csrfCookie]);
    return { token: readCookie(cookies, session.cookie), csrf: readCookie(cookies, session.csrfCookie) };
  }

  /** The raw token of a request, or `undefined` when none was sent in a usable form. */
  protected tokenOf(request: GuardedRequest): string | undefined {
    const header = request.headers['authorization'];
    if (typeof header !== 'string') return undefined;
    // Two credentials are ambiguous: refused rather than picking the one Node happened to keep.
    if (request.raw && sentTwice(request.raw.rawHeaders, 'authorization')) throw new InvalidTokenException(true);
    return BEARER.exec(header)?.[1];
  }
}
