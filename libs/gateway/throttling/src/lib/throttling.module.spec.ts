import { Controller, Get, HttpException, Logger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AuthModule, Public, Roles } from '@bff/gateway-auth';
import { DEVELOPMENT_JWT_SECRET } from '@bff/gateway-config';
import { ObservabilityModule } from '@bff/gateway-observability';
import { describeWithRedis, mintToken } from '@bff/gateway-testing';
import { RateLimitStore } from './rate-limit.store';
import { ThrottlingModule } from './throttling.module';
import { ThrottlingOptions } from './throttling.options';

@Controller()
class DemoController {
  @Get('private')
  private(): { ok: true } {
    return { ok: true };
  }

  @Get('admin')
  @Roles('admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Public()
  @Get('public')
  public(): { ok: true } {
    return { ok: true };
  }

  @Public()
  @Get('public/fails')
  fails(): never {
    throw new HttpException({ detail: 'The users service failed.' }, 502);
  }
}

async function start(throttling: ThrottlingOptions, order: 'auth-first' | 'throttling-first' = 'auth-first'): Promise<NestFastifyApplication> {
  const auth = AuthModule.forRoot({ secret: DEVELOPMENT_JWT_SECRET });
  const limiter = ThrottlingModule.forRoot(throttling);
  const module = await Test.createTestingModule({
    imports: [ObservabilityModule.forRoot({ client: 'test' }), ...(order === 'auth-first' ? [auth, limiter] : [limiter, auth])],
    controllers: [DemoController],
  }).compile();
  const app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const bearer = (sub: string, roles: string[] = []) => ({ authorization: `Bearer ${mintToken({ sub, roles })}` });

describe('ThrottlingModule over Fastify, imported after AuthModule', () => {
  let app: NestFastifyApplication;
  const get = (url: string, headers: Record<string, string> = {}) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  beforeEach(async () => {
    Logger.overrideLogger(false);
    app = await start({ limit: 2, windowMs: 60_000, failMode: 'open' });
  });

  afterEach(() => app.close());

  it('runs after the JWT and roles guards: 401 and 403 answers spend no budget and carry no RateLimit headers', async () => {
    for (let i = 0; i < 3; i++) {
      const unauthenticated = await get('/private');
      expect(unauthenticated.statusCode).toBe(401);
      expect(unauthenticated.headers['ratelimit-remaining']).toBeUndefined();
      const forbidden = await get('/admin', bearer('u-1'));
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.headers['ratelimit-remaining']).toBeUndefined();
    }
    // The address still has its whole budget, and so does u-1.
    expect((await get('/public')).headers['ratelimit-remaining']).toBe('1');
    expect((await get('/private', bearer('u-1'))).headers['ratelimit-remaining']).toBe('1');
  });

  it('keys a verified user by the user, so an exhausted address does not limit them', async () => {
    await get('/public');
    await get('/public');
    expect((await get('/public')).statusCode).toBe(429);
    const user = await get('/private', bearer('u-1'));
    expect(user.statusCode).toBe(200);
    expect(user.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '60' });
    expect((await get('/private', bearer('u-2'))).headers['ratelimit-remaining']).toBe('1');
    await get('/private', bearer('u-1'));
    expect((await get('/private', bearer('u-1'))).statusCode).toBe(429);
  });

  it('limits public routes by address even when a token is sent', async () => {
    await get('/public', bearer('u-1'));
    await get('/public', bearer('u-2'));
    expect((await get('/public', bearer('u-3'))).statusCode).toBe(429);
  });

  it('keeps the headers on error answers and on the 429', async () => {
    const failed = await get('/public/fails');
    expect(failed.statusCode).toBe(502);
    expect(failed.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1' });
    await get('/public');
    const refused = await get('/public');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '60' });
  });
});

describe('ThrottlingModule imported before AuthModule (the wrong order)', () => {
  it('would see no identity and key users by address: why GatewayModule imports it after auth', async () => {
    Logger.overrideLogger(false);
    const app = await start({ limit: 1, windowMs: 60_000, failMode: 'open' }, 'throttling-first');
    try {
      const inject = (headers: Record<string, string>) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/private', headers });
      expect((await inject(bearer('u-1'))).statusCode).toBe(200);
      expect((await inject(bearer('u-2'))).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describeWithRedis('ThrottlingModule with Redis', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('is connected once the app has started, and closes the connection on shutdown', async () => {
    const app = await start({ limit: 5, windowMs: 60_000, failMode: 'closed', redisUrl: 'redis://127.0.0.1:6379', keyPrefix: `bff:rl:test-${Date.now()}-${process.pid}:` });
    const store = app.get<RateLimitStore>(RateLimitStore);
    expect((await store.consume('ip:module-spec', [{ name: 'default', limit: 5, windowMs: 1000 }], 1)).allowed).toBe(true);
    await app.close();
    await expect(store.consume('ip:module-spec', [{ name: 'default', limit: 5, windowMs: 1000 }], 1)).rejects.toThrow();
  });
});

describe('ThrottlingModule with Redis down', () => {
  it('starts anyway and fails as configured', async () => {
    Logger.overrideLogger(false);
    const app = await start({ limit: 5, windowMs: 60_000, failMode: 'closed', redisUrl: 'redis://127.0.0.1:1' });
    try {
      const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/public' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['ratelimit-limit']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
