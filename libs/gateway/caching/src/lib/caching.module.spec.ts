import { Controller, Get, Header, HttpCode, HttpException, Logger, NotFoundException, Req, Res } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthModule, Public, RequestWithIdentity } from '@bff/gateway-auth';
import { DEVELOPMENT_JWT_SECRET } from '@bff/gateway-config';
import { GatewayMetrics, ObservabilityModule } from '@bff/gateway-observability';
import { mintToken } from '@bff/gateway-testing';
import { noteUpstreamCacheControl } from '@bff/gateway-upstream';
import { CacheRoute } from './cache-route.decorator';
import { CacheInvalidator } from './cache.invalidator';
import { CachingModule } from './caching.module';
import { CachingOptions } from './caching.options';

/** What the handlers do next; each test sets it. */
const behaviour = { fail: undefined as number | undefined, delayMs: 0, noStore: false };
const calls: Record<string, number> = {};
const called = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const userOf = (request: FastifyRequest) => (request as RequestWithIdentity).identity?.sub;
/** Who a public route personalises for (an optional header). */
const visitorOf = (request: FastifyRequest) => request.headers['x-visitor'];

@Controller()
class DemoController {
  @Public()
  @CacheRoute({ ttl: '60s' })
  @Get('public')
  async public(): Promise<{ n: number }> {
    await sleep(behaviour.delayMs);
    return { n: called('public') };
  }

  @CacheRoute({ ttl: '60s' })
  @Get('mine')
  mine(@Req() request: FastifyRequest): { user: string | undefined; n: number } {
    return { user: userOf(request), n: called('mine') };
  }

  @Public()
  @CacheRoute({ ttl: '60s' })
  @Header('cache-control', 'private')
  @Get('public/private')
  async publicPrivate(@Req() request: FastifyRequest): Promise<{ user: unknown; n: number }> {
    await sleep(behaviour.delayMs);
    return { user: visitorOf(request), n: called('publicPrivate') };
  }

  @Public()
  @CacheRoute({ ttl: '60s' })
  @Get('public/upstream-private')
  upstreamPrivate(@Req() request: FastifyRequest): { n: number } {
    noteUpstreamCacheControl(request, 'max-age=60, private');
    return { n: called('upstreamPrivate') };
  }

  @CacheRoute({ ttl: '60s' })
  @Get('mine/no-store')
  mineNoStore(@Res({ passthrough: true }) reply: FastifyReply): { n: number } {
    void reply.header('cache-control', 'no-store');
    return { n: called('mineNoStore') };
  }

  @Public()
  @CacheRoute({ ttl: '60s' })
  @Header('cache-control', 'max-age=0')
  @Get('public/max-age-0')
  maxAgeZero(): { n: number } {
    return { n: called('maxAgeZero') };
  }

  @Public()
  @CacheRoute({ ttl: '60s' })
  @Get('public/degraded')
  degraded(): { n: number; meta: { degraded: { part: string; reason: string }[] } } {
    return { n: called('degraded'), meta: { degraded: [{ part: 'recommendations', reason: 'timeout' }] } };
  }

  @Public()
  @CacheRoute({ ttl: '60s' })
  @Get('public/not-degraded')
  notDegraded(): { n: number; meta: { degraded: never[] } } {
    return { n: called('notDegraded'), meta: { degraded: [] } };
  }

  @Public()
  @CacheRoute({ ttl: '60s' })
  @Header('set-cookie', 'session=abc')
  @Get('public/cookie')
  cookie(): { n: number } {
    return { n: called('cookie') };
  }

  @Public()
  @CacheRoute({ ttl: '60s' })
  @HttpCode(203)
  @Get('public/203')
  nonAuthoritative(): { n: number } {
    return { n: called('203') };
  }

  @Public()
  @CacheRoute({ ttl: 100, staleWhileRevalidate: '30s' })
  @Get('public/swr')
  async swr(): Promise<{ n: number }> {
    await sleep(behaviour.delayMs);
    return { n: called('swr') };
  }

  @Public()
  @CacheRoute({ ttl: 100, staleWhileRevalidate: '30s' })
  @Get('public/turns-no-store')
  turnsNoStore(@Res({ passthrough: true }) reply: FastifyReply): { n: number } {
    if (behaviour.noStore) void reply.header('cache-control', 'no-store');
    return { n: called('turnsNoStore') };
  }

  @Public()
  @CacheRoute({ ttl: 100, staleIfError: '30s' })
  @Get('public/sie')
  sie(): { n: number } {
    if (behaviour.fail === 404) throw new NotFoundException();
    if (behaviour.fail) throw new HttpException({ detail: 'The products service failed.' }, behaviour.fail);
    return { n: called('sie') };
  }

  @Public()
  @Get('public/uncached')
  uncached(): { n: number } {
    return { n: called('uncached') };
  }
}

async function start(caching: Partial<CachingOptions> = {}): Promise<NestFastifyApplication> {
  const module = await Test.createTestingModule({
    imports: [
      ObservabilityModule.forRoot({ client: 'test' }),
      AuthModule.forRoot({ secret: DEVELOPMENT_JWT_SECRET }),
      CachingModule.forRoot({ client: 'test', ...caching }),
    ],
    controllers: [DemoController],
  }).compile();
  const app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const bearer = (sub: string) => ({ authorization: `Bearer ${mintToken({ sub })}` });

describe('CachingModule over Fastify (in-process store)', () => {
  let app: NestFastifyApplication;
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });
    return { status: response.statusCode, cache: response.headers['x-cache'], body: response.json() as Record<string, unknown>, headers: response.headers };
  };

  beforeEach(async () => {
    Logger.overrideLogger(false);
    Object.keys(calls).forEach((name) => delete calls[name]);
    behaviour.fail = undefined;
    behaviour.delayMs = 0;
    behaviour.noStore = false;
    app = await start();
  });

  afterEach(() => app.close());

  it('answers MISS then HIT from one handler call, for the query in any order', async () => {
    expect(await get('/public?a=1&b=2')).toMatchObject({ status: 200, cache: 'MISS', body: { n: 1 } });
    expect(await get('/public?b=2&a=1')).toMatchObject({ status: 200, cache: 'HIT', body: { n: 1 } });
    expect((await get('/public?b=2&a=1')).headers['age']).toBe('0');
    expect(await get('/public?a=2')).toMatchObject({ cache: 'MISS', body: { n: 2 } });
    expect(calls['public']).toBe(2);
  });

  it('does not touch routes without @CacheRoute', async () => {
    const first = await get('/public/uncached');
    expect(first.cache).toBeUndefined();
    expect((await get('/public/uncached')).body).toEqual({ n: 2 });
  });

  it('keeps one entry per user on a non-public route: never one user answer for another', async () => {
    expect(await get('/mine', bearer('u-1'))).toMatchObject({ cache: 'MISS', body: { user: 'u-1', n: 1 } });
    expect(await get('/mine', bearer('u-2'))).toMatchObject({ cache: 'MISS', body: { user: 'u-2', n: 2 } });
    expect(await get('/mine', bearer('u-1'))).toMatchObject({ cache: 'HIT', body: { user: 'u-1', n: 1 } });
    expect(await get('/mine', bearer('u-2'))).toMatchObject({ cache: 'HIT', body: { user: 'u-2', n: 2 } });
    expect((await get('/mine')).status).toBe(401);
  });

  it('never stores a public route answer marked private, by the handler or an upstream', async () => {
    expect(await get('/public/private', { 'x-visitor': 'v-1' })).toMatchObject({ cache: 'MISS', body: { user: 'v-1' } });
    expect(await get('/public/private', { 'x-visitor': 'v-2' })).toMatchObject({ cache: 'MISS', body: { user: 'v-2' } });
    await get('/public/upstream-private');
    expect(await get('/public/upstream-private')).toMatchObject({ cache: 'MISS', body: { n: 2 } });
  });

  it('never stores no-store answers, even per user, nor max-age=0 ones', async () => {
    await get('/mine/no-store', bearer('u-1'));
    expect(await get('/mine/no-store', bearer('u-1'))).toMatchObject({ cache: 'MISS', body: { n: 2 } });
    await get('/public/max-age-0');
    expect(await get('/public/max-age-0')).toMatchObject({ cache: 'MISS', body: { n: 2 } });
  });

  it('never stores degraded answers, Set-Cookie answers or statuses other than 200', async () => {
    for (const path of ['/public/degraded', '/public/cookie', '/public/203']) {
      await get(path);
      expect((await get(path)).cache).toBe('MISS');
    }
    expect(calls).toMatchObject({ degraded: 2, cookie: 2, '203': 2 });
    await get('/public/not-degraded');
    expect((await get('/public/not-degraded')).cache).toBe('HIT');
  });

  it('coalesces concurrent misses of one key into one handler call', async () => {
    behaviour.delayMs = 100;
    const answers = await Promise.all(Array.from({ length: 20 }, () => get('/public')));
    expect(calls['public']).toBe(1);
    expect(answers.map((answer) => answer.body)).toEqual(Array(20).fill({ n: 1 }));
    expect(answers.every((answer) => answer.cache === 'MISS')).toBe(true);
  });

  it('does not hand a private answer to the requests that waited for it: each gets its own', async () => {
    behaviour.delayMs = 100;
    const answers = await Promise.all(['v-1', 'v-2', 'v-3'].map((visitor) => get('/public/private', { 'x-visitor': visitor })));
    expect(answers.map((answer) => answer.body['user'])).toEqual(['v-1', 'v-2', 'v-3']);
  });

  it('serves a stale entry as STALE while one background call refreshes it', async () => {
    expect((await get('/public/swr')).body).toEqual({ n: 1 });
    await sleep(150);
    behaviour.delayMs = 500;
    const stale = await Promise.all([get('/public/swr'), get('/public/swr'), get('/public/swr')]);
    expect(stale.map((answer) => [answer.cache, answer.body['n']])).toEqual([
      ['STALE', 1],
      ['STALE', 1],
      ['STALE', 1],
    ]);
    await eventually(async () => (await get('/public/swr')).body['n'] === 2);
    expect(await get('/public/swr')).toMatchObject({ cache: 'HIT', body: { n: 2 } });
    expect(calls['swr']).toBe(2);
  });

  it('drops a stale entry once a refresh says no-store', async () => {
    await get('/public/turns-no-store');
    await sleep(150);
    behaviour.noStore = true;
    expect(await get('/public/turns-no-store')).toMatchObject({ cache: 'STALE', body: { n: 1 } });
    await eventually(async () => calls['turnsNoStore'] === 2);
    expect(await get('/public/turns-no-store')).toMatchObject({ cache: 'MISS', body: { n: 3 } });
  });

  it('serves a stale entry when refreshing fails with a 5xx, but not when the resource is gone (4xx)', async () => {
    expect((await get('/public/sie')).body).toEqual({ n: 1 });
    await sleep(150);
    behaviour.fail = 502;
    expect(await get('/public/sie')).toMatchObject({ status: 200, cache: 'STALE', body: { n: 1 } });
    behaviour.fail = 404;
    expect((await get('/public/sie')).status).toBe(404);
    behaviour.fail = undefined;
    expect(await get('/public/sie')).toMatchObject({ cache: 'MISS', body: { n: 2 } });
  });

  it('invalidates by path prefix and counts cache_requests_total by result', async () => {
    await get('/public');
    await get('/public/not-degraded');
    await get('/mine', bearer('u-1'));
    expect(await app.get(CacheInvalidator).invalidate('/public')).toBe(2);
    expect((await get('/public')).cache).toBe('MISS');
    expect((await get('/mine', bearer('u-1'))).cache).toBe('HIT');
    expect(await app.get(CacheInvalidator).invalidate('bff:cache:test:/mine')).toBe(1);
    await expect(app.get(CacheInvalidator).invalidate('/mine*')).rejects.toMatchObject({ status: 400 });
    const { body } = await app.get(GatewayMetrics).scrape();
    expect(body).toContain('cache_requests_total{result="miss",client="test"} 4');
    expect(body).toContain('cache_requests_total{result="hit",client="test"} 1');
  });
});

describe('CachingModule with Redis unreachable', () => {
  it('answers every request from the handler as MISS', async () => {
    Logger.overrideLogger(false);
    const app = await start({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const inject = () => app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/public' });
      const [first, second] = [await inject(), await inject()];
      expect([first.statusCode, first.headers['x-cache'], second.statusCode, second.headers['x-cache']]).toEqual([200, 'MISS', 200, 'MISS']);
      await expect(app.get(CacheInvalidator).invalidate('/public')).rejects.toMatchObject({ status: 503 });
    } finally {
      await app.close();
    }
  });
});

/** Polls `condition` until it holds; fails after 5 s. */
async function eventually(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await sleep(50);
  }
  throw new Error('condition never held');
}
