import { Controller, Get, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { sign } from 'jsonwebtoken';
import { Public, Roles } from './auth.decorators';
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
}

const secret = 's'.repeat(40);
const reflector = new Reflector();
const auth = new JwtAuthGuard(reflector, new JwtVerifier({ secret }));
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
    await expect(auth.canActivate(contextFor('open').context)).resolves.toBe(true);
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
    await expect(auth.canActivate(context)).resolves.toBe(true);
    expect(request.identity).toEqual({ sub: 'u-9', roles: ['user'], scopes: [] });
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

  it('ignores routes without @Roles', () => {
    expect(roles.canActivate(contextFor('private').context)).toBe(true);
  });
});
