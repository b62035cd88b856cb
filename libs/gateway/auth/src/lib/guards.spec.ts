import { Controller, Get, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { sign } from 'jsonwebtoken';
import { Public, Roles, Scopes } from './auth.decorators';
import { RequestWithIdentity } from './identity';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtVerifier } from './jwt.verifier';
import { RolesGuard } from './roles.guard';

@Controller()
class SampleController {
  @Get() private() {
    return 'private';
  }
  @Public() @Get() open() {
    return 'open';
  }
  @Roles('admin', 'ops') @Get() admin() {
    return 'admin';
  }
  @Scopes('orders:read', 'orders:write') @Get() writeOrders() {
    return 'scoped';
  }
}

const secret = 's'.repeat(40);
const reflector = new Reflector();
const auth = new JwtAuthGuard(reflector, new JwtVerifier({ secret }), { secret });
const roles = new RolesGuard(reflector);
const token = (claims: object) => sign({ exp: Math.floor(Date.now() / 1000) + 60, ...claims }, secret);

function contextFor(handler: keyof SampleController, headers: Record<string, string> = {}) {
  const request: RequestWithIdentity & { headers: Record<string, string> } = { headers };
  const context = new ExecutionContextHost([request, {}]);
  context.setType('http');
  Object.assign(context, {
    getHandler: () => SampleController.prototype[handler],
    getClass: () => SampleController,
  });
  return { context, request };
}

/** The guard's verdict as a promise: it answers at once for a token it verified before, later for a new one. */
async function verdict(guard: JwtAuthGuard, context: ExecutionContextHost): Promise<boolean> {
  return guard.canActivate(context);
}

async function statusAndHeaders(run: () => unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpException);
    return { status: (error as HttpException).getStatus(), body: (error as HttpException).getResponse() as Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('JwtAuthGuard', () => {
  it('lets public routes through without a token', async () => {
    await expect(verdict(auth, contextFor('open').context)).resolves.toBe(true);
  });

  it('refuses a private route without a token with a plain Bearer challenge', async () => {
    const { status, body } = await statusAndHeaders(() => auth.canActivate(contextFor('private').context));
    expect(status).toBe(401);
    expect(body['headers']).toEqual({ 'www-authenticate': 'Bearer' });
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Bearer not-a-jwt'])('refuses %j as an invalid token', async (header) => {
    const { status, body } = await statusAndHeaders(() => auth.canActivate(contextFor('private', { authorization: header }).context));
    expect(status).toBe(401);
    expect(body['headers']).toEqual({ 'www-authenticate': 'Bearer error="invalid_token"' });
  });

  it('sets the identity from a valid token', async () => {
    const { context, request } = contextFor('private', { authorization: `Bearer ${token({ sub: 'u-9', roles: ['user'] })}` });
    await expect(verdict(auth, context)).resolves.toBe(true);
    expect(request.identity).toEqual({ sub: 'u-9', roles: ['user'], scopes: [] });
  });

  it('admits a token it verified before at once, and a new one after verifying it', async () => {
    const header = `Bearer ${token({ sub: 'u-10' })}`;
    const first = contextFor('private', { authorization: header });
    const verifying = auth.canActivate(first.context);
    expect(verifying).toBeInstanceOf(Promise);
    await expect(verifying).resolves.toBe(true);
    const again = contextFor('private', { authorization: header });
    expect(auth.canActivate(again.context)).toBe(true);
    expect(again.request.identity).toEqual({ sub: 'u-10', roles: [], scopes: [] });
  });

  it('refuses a request carrying two Authorization headers, even when the first is valid', async () => {
    const valid = `Bearer ${token({ sub: 'u-9' })}`;
    const { context, request } = contextFor('private', { authorization: valid });
    Object.assign(request, { raw: { rawHeaders: ['Authorization', valid, 'accept', '*/*', 'authorization', 'Bearer other'] } });
    const { status } = await statusAndHeaders(() => auth.canActivate(context));
    expect(status).toBe(401);
    expect(request.identity).toBeUndefined();
  });
});

describe('RolesGuard', () => {
  it('allows any one of the required roles', () => {
    const { context, request } = contextFor('admin');
    request.identity = { sub: 'u-1', roles: ['ops'], scopes: [] };
    expect(roles.canActivate(context)).toBe(true);
  });

  it('answers 403 without a required role', async () => {
    const { context, request } = contextFor('admin');
    request.identity = { sub: 'u-1', roles: ['user'], scopes: [] };
    expect((await statusAndHeaders(() => roles.canActivate(context))).status).toBe(403);
  });

  it('requires every scope of @Scopes', async () => {
    const { context, request } = contextFor('writeOrders');
    request.identity = { sub: 'u-1', roles: [], scopes: ['orders:read', 'orders:write', 'x'] };
    expect(roles.canActivate(context)).toBe(true);
    request.identity = { sub: 'u-1', roles: ['admin'], scopes: ['orders:read'] };
    expect((await statusAndHeaders(() => roles.canActivate(context))).status).toBe(403);
  });

  it('ignores routes without @Roles', () => {
    expect(roles.canActivate(contextFor('private').context)).toBe(true);
  });
});

describe('JwtAuthGuard with cookie sessions', () => {
  const session = { cookie: 'bff_session', csrfCookie: 'bff_session_csrf', csrfHeader: 'x-csrf-token', trustedOrigins: [] };
  const withSession = new JwtAuthGuard(reflector, new JwtVerifier({ secret }), { secret, session });

  function cookieContext(method: string, headers: Record<string, string>) {
    const { context, request } = contextFor('private', { host: 'bff.local', ...headers });
    Object.assign(request, { method, protocol: 'https' });
    return { context, request };
  }

  it('takes the token from the session cookie on a safe request', async () => {
    const { context, request } = cookieContext('GET', { cookie: `bff_session=${token({ sub: 'u-4' })}` });
    await expect(verdict(withSession, context)).resolves.toBe(true);
    expect(request.identity?.sub).toBe('u-4');
  });

  it('refuses an unsafe cookie request without CSRF proof with 403', async () => {
    const { context } = cookieContext('POST', { cookie: `bff_session=${token({ sub: 'u-4' })}`, origin: 'https://bff.local' });
    await expect(verdict(withSession, context)).rejects.toMatchObject({ status: 403 });
  });

  it('accepts an unsafe cookie request from its own origin with the double-submit token', async () => {
    const { context } = cookieContext('DELETE', {
      cookie: `bff_session=${token({ sub: 'u-4' })}; bff_session_csrf=k3y`,
      origin: 'https://bff.local',
      'x-csrf-token': 'k3y',
    });
    await expect(verdict(withSession, context)).resolves.toBe(true);
  });

  it('prefers the Authorization header, which needs no CSRF proof', async () => {
    const { context, request } = cookieContext('POST', {
      authorization: `Bearer ${token({ sub: 'u-5' })}`,
      cookie: `bff_session=${token({ sub: 'u-4' })}`,
    });
    await expect(verdict(withSession, context)).resolves.toBe(true);
    expect(request.identity?.sub).toBe('u-5');
  });

  it('ignores session cookies when sessions are off', async () => {
    const { context } = cookieContext('GET', { cookie: `bff_session=${token({ sub: 'u-4' })}` });
    await expect(verdict(auth, context)).rejects.toMatchObject({ status: 401 });
  });
});
