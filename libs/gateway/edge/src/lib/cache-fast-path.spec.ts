import { CallHandler, CanActivate, Controller, DynamicModule, ExecutionContext, Get, Header, Injectable, Logger, Module, NestInterceptor, Param, UseGuards } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { tap } from 'rxjs';
import { JwtAuthGuard, Public } from '@bff/gateway-auth';
import { CacheRoute, CacheStore } from '@bff/gateway-caching';
import { BffConfig, loadBffConfig } from '@bff/gateway-config';
import { GatewayMetrics } from '@bff/gateway-observability';
import { RateLimit } from '@bff/gateway-throttling';
import { createGatewayApp } from './bootstrap';
import { GatewayModule } from './gateway.module';

/** How often each handler and the route guard ran. */
const calls = { item: 0, guarded: 0, limited: 0, guard: 0 };

@Injectable()
class CountingGuard implements CanActivate {
  canActivate(): boolean {
    calls.guard++;
    return true;
  }
}

@Public()
@Controller('catalog')
class CatalogController {
  @CacheRoute({ ttl: '1m' })
  @Get('items/:id')
  item(@Param('id') id: string) {
    return { id, n: ++calls.item };
  }

  @CacheRoute({ ttl: '1m' })
  @Get('rich')
  rich() {
    return { name: 'Café ☕ "quoted" </script>', at: new Date(0), list: [1, null, { deep: true }] };
  }

  @CacheRoute({ ttl: '1m' })
  @Get('motto')
  motto() {
    return 'plain words';
  }

  @CacheRoute({ ttl: '1m' })
  @Header('x-declared', 'yes')
  @Get('with-header')
  withHeader() {
    return { n: 1 };
  }

  @CacheRoute({ ttl: '1m' })
  @UseGuards(CountingGuard)
  @Get('guarded')
  guarded() {
    return { n: ++calls.guarded };
  }

  @CacheRoute({ ttl: '1m' })
  @RateLimit({ name: 'tiny', limit: 3, windowMs: 60_000 })
  @Get('limited')
  limited() {
    return { n: ++calls.limited };
  }
}

/** Marks every answer that crossed it, to show which answers a BFF's own global interceptor saw. */
@Injectable()
class MarkingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(tap(() => void context.switchToHttp().getResponse<FastifyReply>().header('x-seen', 'yes')));
  }
}

async function start(config: BffConfig, extra: DynamicModule['providers'] = []): Promise<{ app: NestFastifyApplication; base: string }> {
  @Module({})
  class FastPathAppModule {
    static forRoot(): DynamicModule {
      return { module: FastPathAppModule, imports: [GatewayModule.forRoot(config, { requiredServices: [] })], controllers: [CatalogController], providers: [CountingGuard, ...extra] };
    }
  }
  const app = await createGatewayApp(FastPathAppModule.forRoot(), config, false);
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

describe('cache hits answered before Nest', () => {
  const config = loadBffConfig({ LOG_LEVEL: 'silent', RATE_LIMIT: '1000/1m' }, { client: 'web', port: 0, managementPort: 0 });
  let app: NestFastifyApplication;
  let base: string;
  let jwtGuard: jest.SpyInstance;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    ({ app, base } = await start(config));
    jwtGuard = jest.spyOn(JwtAuthGuard.prototype, 'canActivate');
  });

  afterAll(async () => {
    jwtGuard.mockRestore();
    await app.close();
  });

  beforeEach(() => jwtGuard.mockClear());

  it('answers a fresh hit with the stored value, its headers and the rate limit, without Nest guards or the handler', async () => {
    const miss = await fetch(`${base}/catalog/items/a?x=1`);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(jwtGuard).toHaveBeenCalledTimes(1);
    const hit = await fetch(`${base}/catalog/items/a?x=1`);
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('age')).toMatch(/^\d+$/);
    expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(hit.headers.get('x-request-id')).not.toBeNull();
    expect(hit.headers.get('x-content-type-options')).toBe('nosniff');
    expect(hit.headers.get('ratelimit-limit')).toBe('1000');
    expect(Number(hit.headers.get('ratelimit-remaining'))).toBeLessThan(Number(miss.headers.get('ratelimit-remaining')));
    expect(await hit.json()).toEqual({ id: 'a', n: 1 });
    expect(jwtGuard).toHaveBeenCalledTimes(1);
    expect(calls.item).toBe(1);
  });

  it('counts a hit like any other: cache_requests_total and the request duration under its route template', async () => {
    await fetch(`${base}/catalog/items/m`);
    const { body: before } = await app.get(GatewayMetrics).scrape();
    const hits = (text: string) => Number(/cache_requests_total\{result="hit"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    const timed = (text: string) => Number(/http_server_request_duration_seconds_count\{[^}]*method="GET",route="\/catalog\/items\/:id",status="200"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    expect((await fetch(`${base}/catalog/items/m`)).headers.get('x-cache')).toBe('HIT');
    const { body: after } = await app.get(GatewayMetrics).scrape();
    expect(hits(after) - hits(before)).toBe(1);
    expect(timed(after) - timed(before)).toBe(1);
  });

  it('reads the store once for a request that finds no fresh entry before Nest', async () => {
    const store = app.get<CacheStore>(CacheStore);
    const reads = jest.spyOn(store, 'get');
    try {
      const miss = await fetch(`${base}/catalog/items/never-seen`);
      expect(miss.headers.get('x-cache')).toBe('MISS');
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('leaves a route declaring a header on Nest: its hits carry the header too', async () => {
    const answers = [await fetch(`${base}/catalog/with-header`), await fetch(`${base}/catalog/with-header`)];
    expect(answers.map((answer) => [answer.headers.get('x-cache'), answer.headers.get('x-declared')])).toEqual([
      ['MISS', 'yes'],
      ['HIT', 'yes'],
    ]);
  });

  it('answers a hit with the same bytes and content type as the miss, for an object and for a string', async () => {
    for (const path of ['rich', 'motto']) {
      const miss = await fetch(`${base}/catalog/${path}`);
      const hit = await fetch(`${base}/catalog/${path}`);
      expect([miss.headers.get('x-cache'), hit.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
      expect(hit.headers.get('content-type')).toBe(miss.headers.get('content-type'));
      expect(hit.headers.get('content-length')).toBe(miss.headers.get('content-length'));
      expect(await hit.text()).toBe(await miss.text());
    }
  });

  it('spends the route rate limit on hits and refuses the one over it with a 429 problem', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await fetch(`${base}/catalog/limited`));
    expect(answers.map((answer) => [answer.status, answer.headers.get('x-cache')])).toEqual([
      [200, 'MISS'],
      [200, 'HIT'],
      [200, 'HIT'],
      [429, null],
    ]);
    const refused = answers[3];
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toMatchObject({ status: 429, instance: '/catalog/limited' });
    expect(calls.limited).toBe(1);
  });

  it('leaves a route with a guard of its own on Nest: the guard sees every hit', async () => {
    const before = calls.guard;
    const answers = [await fetch(`${base}/catalog/guarded`), await fetch(`${base}/catalog/guarded`)];
    expect(answers.map((answer) => answer.headers.get('x-cache'))).toEqual(['MISS', 'HIT']);
    expect(calls.guard - before).toBe(2);
    expect(jwtGuard).toHaveBeenCalledTimes(2);
  });
});

describe('cache hits in a BFF with a global interceptor of its own', () => {
  it('go through Nest, so that the interceptor sees them', async () => {
    Logger.overrideLogger(false);
    const config = loadBffConfig({ LOG_LEVEL: 'silent' }, { client: 'web', port: 0, managementPort: 0 });
    const { app, base } = await start(config, [{ provide: APP_INTERCEPTOR, useClass: MarkingInterceptor }]);
    try {
      const answers = [await fetch(`${base}/catalog/items/b`), await fetch(`${base}/catalog/items/b`)];
      expect(answers.map((answer) => [answer.headers.get('x-cache'), answer.headers.get('x-seen')])).toEqual([
        ['MISS', 'yes'],
        ['HIT', 'yes'],
      ]);
    } finally {
      await app.close();
    }
  });
});
