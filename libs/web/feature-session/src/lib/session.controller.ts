import { BadRequestException, Controller, Delete, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { decode } from 'jsonwebtoken';
import { AUTH_OPTIONS, AuthOptions, SessionOptions, sessionCookies } from '@bff/gateway-auth';

const BEARER = /^Bearer +([^ ]+) *$/i;

/**
 * Browser sessions: `POST` trades a bearer token for an HttpOnly session cookie (so the token need
 * not live in JavaScript) and a CSRF token; `DELETE` ends the session.
 */
@Controller('api/v1/session')
export class SessionController {
  private readonly session: SessionOptions;

  constructor(@Inject(AUTH_OPTIONS) auth: AuthOptions) {
    if (!auth.session) throw new Error('SessionController needs cookie sessions enabled (GatewayModule cookieSessions)');
    this.session = auth.session;
  }

  /** Opens a session for the (already verified) bearer token; answers the CSRF token to send back. */
  @Post()
  @HttpCode(201)
  open(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): { csrfToken: string; expiresAt: string } {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new BadRequestException({ detail: 'A session is opened with an Authorization bearer token.' });
    const exp = Number((decode(token, { json: true }) ?? {}).exp);
    const csrfToken = randomBytes(24).toString('base64url');
    void reply.header('set-cookie', sessionCookies(this.session, token, csrfToken, exp - Date.now() / 1000));
    return { csrfToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Ends the session: both cookies expire now. */
  @Delete()
  @HttpCode(204)
  close(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', sessionCookies(this.session, '', '', 0));
  }
}
