import { Controller, Get, HttpException, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { createHash } from 'node:crypto';
import { GatewayMetrics } from '@bff/gateway-observability';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimit, RateLimitCost, SkipRateLimit } from './rate-limit.decorators';
import { RateLimitExceededException, RateLimitUnavailableException } from './rate-limit.exceptions';
import { RateLimitGuard, ThrottledRequest } from './rate-limit.guard';
import { RateLimitDecision, RateLimitPolicy, RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';
import { ThrottlingOptions } from './throttling.options';

@Controller('things')
class ThingsController {
  @Get()
  plain(): string {
    return 'plain';
  }

  @Get('burst')
  @RateLimit({ name: 'burst', limit: 2, windowMs: 1000 }, { name: 'quota', limit: 5, windowMs: 60_000 })
  burst(): string {
    return 'burst';
  }

  @Get('with-default')
  @RateLimit('default', { name: 'login', limit: 1, windowMs: 60_000 })
  withDefault(): string {
    return 'withDefault';
  }

  @Get('costly')
  @RateLimitCost(2)
  costly(): string {
    return 'costly';
  }

  @Get('internal')
  @SkipRateLimit()
  internal(): string {
    return 'internal';
  }
}

@SkipRateLimit()
@Controller('ops')
class OpsController {
  @Get()
  probe(): string {
    return 'probe';
  }
}

/** Records every consume and delegates to an in-process store. */
class RecordingStore implements RateLimitStore {
  readonly calls: { tracker: string; policies: readonly RateLimitPolicy[]; cost: number }[] = [];
  private readonly inner = new MemoryRateLimitStore({ now: () => this.now });
  now = 0;

  consume(tracker: string, policies: readonly RateLimitPolicy[], cost: number): RateLimitDecision {
    this.calls.push({ tracker, policies, cost });
    return this.inner.consume(tracker, policies, cost);
  }
}

/** A store that cannot answer: it rejects (a remote store) or throws at once (an in-process one). */
class BrokenStore implements RateLimitStore {
  constructor(private readonly fails: 'rejects' | 'throws' = 'rejects') {}

  consume(): Promise<RateLimitDecision> {
    const error = new Error('ECONNREFUSED 10.0.0.5:6379');
    if (this.fails === 'throws') throw error;
    return Promise.reject(error);
  }
}

const OPTIONS: ThrottlingOptions = { limit: 3, windowMs: 60_000, failMode: 'open' };

function setUp(store: RateLimitStore = new RecordingStore(), options: Partial<ThrottlingOptions> = {}) {
  const metrics = new GatewayMetrics('test');
  const guard = new RateLimitGuard(new Reflector(), store, { ...OPTIONS, ...options }, metrics);
  /** Runs the guard for one request; resolves with its verdict (or the exception) and the headers set. */
  const call = async (handler: keyof ThingsController | 'probe', request: Partial<ThrottledRequest> = { clientAddress: '203.0.113.9' }) => {
    const headers: Record<string, string> = {};
    const reply = { header: (name: string, value: string) => (headers[name] = value) };
    const req = { ...request } as ThrottledRequest;
    const [controller, method] = handler === 'probe' ? [OpsController, OpsController.prototype.probe] : [ThingsController, ThingsController.prototype[handler]];
    try {
      return { ok: await guard.canActivate(new ExecutionContextHost([req, reply], controller, method)), headers, request: req, error: undefined };
    } catch (error) {
      return { ok: false, headers, request: req, error: error as HttpException };
    }
  };
  const metric = async (name: string) => (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
  return { guard, call, metric, store };
}

describe('RateLimitGuard', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('keys an authenticated request by its user and an anonymous one by its client address', async () => {
    const store = new RecordingStore();
    const { call } = setUp(store);
    await call('plain', { identity: { sub: 'u-1', roles: [], scopes: [] }, clientAddress: '203.0.113.9' });
    await call('plain', { clientAddress: '203.0.113.9' });
    await call('plain', { clientAddress: '', ip: '198.51.100.1' });
    expect(store.calls.map((c) => c.tracker)).toEqual(['user:u-1', 'ip:203.0.113.9', 'ip:198.51.100.1']);
    expect(store.calls[0]).toMatchObject({ policies: [{ name: 'default', limit: 3, windowMs: 60_000 }], cost: 1 });
  });

  it('decides at once with the in-process store, and throws the 429 at once', () => {
    const { guard } = setUp(new RecordingStore(), { limit: 1 });
    const headers: Record<string, string> = {};
    const context = () =>
      new ExecutionContextHost([{ clientAddress: '203.0.113.7' }, { header: (name: string, value: string) => (headers[name] = value) }], ThingsController, ThingsController.prototype.plain);
    expect(guard.canActivate(context())).toBe(true);
    expect(headers['ratelimit-remaining']).toBe('0');
    expect(() => guard.canActivate(context())).toThrow(RateLimitExceededException);
  });

  it('sets RateLimit-Limit, -Remaining and -Reset (whole seconds) on the reply and for the onSend hook', async () => {
    const { call } = setUp();
    const first = await call('plain');
    expect(first.ok).toBe(true);
    expect(first.headers).toEqual({ 'ratelimit-limit': '3', 'ratelimit-remaining': '2', 'ratelimit-reset': '60' });
    expect((await call('plain')).headers['ratelimit-remaining']).toBe('1');
  });

  it('refuses the request past the limit with a 429 problem carrying Retry-After, and counts the rejection', async () => {
    const store = new RecordingStore();
    const { call, metric } = setUp(store);
    for (let i = 0; i < 3; i++) {
      expect((await call('plain')).ok).toBe(true);
      store.now += 10_000;
    }
    const { error, headers } = await call('plain');
    expect(error).toBeInstanceOf(RateLimitExceededException);
    expect(error?.getStatus()).toBe(429);
    expect(error?.getResponse()).toEqual({
      type: 'urn:bff:problem:rate-limited',
      title: 'Too Many Requests',
      detail: 'Too many requests: retry after 30 s.',
      headers: { 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': '30', 'retry-after': '30' },
    });
    expect(headers).toEqual({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' });
    expect(await metric('rate_limit_rejections_total')).toEqual([expect.objectContaining({ labels: { policy: 'default' }, value: 1 })]);
  });

  it('skips routes and controllers marked @SkipRateLimit()', async () => {
    const store = new RecordingStore();
    const { call } = setUp(store);
    const internal = await call('internal');
    expect(internal).toMatchObject({ ok: true, headers: {} });
    expect(await call('probe')).toMatchObject({ ok: true, headers: {} });
    expect(store.calls).toHaveLength(0);
  });

  it('enforces every policy of @RateLimit() at once, the headers describing the most restrictive', async () => {
    const store = new RecordingStore();
    const { call } = setUp(store);
    expect((await call('burst')).headers).toEqual({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1' });
    expect((await call('burst')).ok).toBe(true);
    const burst = await call('burst');
    expect(burst.error?.getResponse()).toMatchObject({ headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'retry-after': '1' } });
    store.now += 1000;
    await call('burst');
    await call('burst');
    store.now += 1000;
    const last = await call('burst');
    expect(last.ok).toBe(true);
    expect(last.headers).toEqual({ 'ratelimit-limit': '5', 'ratelimit-remaining': '0', 'ratelimit-reset': '58' });
    store.now += 1000;
    const quota = await call('burst');
    expect(quota.error?.getResponse()).toMatchObject({ headers: { 'ratelimit-limit': '5', 'retry-after': '57' } });
    expect(store.calls[0].policies.map((p) => p.name)).toEqual(['burst', 'quota']);
  });

  it("keeps the BFF's default policy beside a route's own when asked with 'default'", async () => {
    const store = new RecordingStore();
    const { call } = setUp(store);
    await call('withDefault');
    expect(store.calls[0].policies).toEqual([
      { name: 'default', limit: 3, windowMs: 60_000 },
      { name: 'login', limit: 1, windowMs: 60_000 },
    ]);
  });

  it('charges the cost of @RateLimitCost()', async () => {
    const { call } = setUp();
    expect((await call('costly')).headers['ratelimit-remaining']).toBe('1');
    const refused = await call('costly');
    expect(refused.error?.getStatus()).toBe(429);
    expect(refused.headers['ratelimit-remaining']).toBe('1');
    expect((await call('plain')).headers['ratelimit-remaining']).toBe('0');
  });

  it.each(['rejects', 'throws'] as const)('fails open: a store that %s lets the request through without headers and counts the failure', async (fails) => {
    const { call, metric } = setUp(new BrokenStore(fails), { failMode: 'open' });
    expect(await call('plain')).toMatchObject({ ok: true, headers: {} });
    expect(await metric('rate_limit_store_failures_total')).toEqual([expect.objectContaining({ value: 1 })]);
  });

  it.each(['rejects', 'throws'] as const)('fails closed: a store that %s gives a 503 problem with Retry-After, naming no host', async (fails) => {
    const { call, metric } = setUp(new BrokenStore(fails), { failMode: 'closed' });
    const { error, headers } = await call('plain');
    expect(error).toBeInstanceOf(RateLimitUnavailableException);
    expect(error?.getStatus()).toBe(503);
    expect(error?.getResponse()).toMatchObject({ title: 'Service Unavailable', headers: { 'retry-after': '1' } });
    expect(JSON.stringify(error?.getResponse())).not.toContain('10.0.0.5');
    expect(headers).toEqual({});
    expect(await metric('rate_limit_store_failures_total')).toEqual([expect.objectContaining({ value: 1 })]);
  });

  describe('tiers and API keys', () => {
    const TIERED: Partial<ThrottlingOptions> = {
      tiers: { anonymous: { limit: 2, windowMs: 60_000 }, partner: { limit: 10, windowMs: 60_000 } },
      apiKeys: [
        { name: 'ci-bot', tier: 'partner', sha256: createHash('sha256').update('k-partner').digest('hex') },
        { name: 'kiosk', tier: 'user', sha256: createHash('sha256').update('k-kiosk').digest('hex') },
      ],
    };
    const user = (tier?: string) => ({ identity: { sub: 'u-1', roles: [], scopes: [], ...(tier === undefined ? {} : { tier }) }, clientAddress: '203.0.113.9' });
    const keyed = (key: string, clientAddress = '203.0.113.9') => ({ clientAddress, headers: { 'x-api-key': key } });

    it('gives each tier its default policy under a name of its own; unlisted tiers get RATE_LIMIT', async () => {
      const store = new RecordingStore();
      const { call } = setUp(store, TIERED);
      expect((await call('plain')).headers['ratelimit-limit']).toBe('2');
      expect((await call('plain', user())).headers['ratelimit-limit']).toBe('3');
      expect((await call('plain', user('partner'))).headers['ratelimit-limit']).toBe('10');
      expect((await call('plain', keyed('k-partner'))).headers['ratelimit-limit']).toBe('10');
      expect((await call('plain', keyed('k-kiosk'))).headers['ratelimit-limit']).toBe('3');
      expect(store.calls.map(({ tracker, policies }) => [tracker, policies[0].name])).toEqual([
        ['ip:203.0.113.9', 'default:anonymous'],
        ['user:u-1', 'default:user'],
        ['user:u-1', 'default:partner'],
        ['key:ci-bot', 'default:partner'],
        ['key:kiosk', 'default:user'],
      ]);
    });

    it('treats a tier claim naming no configured tier, or anonymous, as user', async () => {
      const store = new RecordingStore();
      const { call } = setUp(store, TIERED);
      for (const tier of ['gold', 'anonymous', 'constructor', '__proto__']) {
        expect((await call('plain', user(tier))).headers['ratelimit-limit']).toBe('3');
      }
      expect(store.calls.map(({ policies }) => policies[0].name)).toEqual(['default:user', 'default:user', 'default:user', 'default:user']);
    });

    it('lets a verified user win over an API key', async () => {
      const store = new RecordingStore();
      const { call } = setUp(store, TIERED);
      await call('plain', { ...user(), headers: { 'x-api-key': 'k-partner' } });
      expect(store.calls[0]).toMatchObject({ tracker: 'user:u-1', policies: [{ name: 'default:user' }] });
    });

    it('gives a known key one budget whatever its address, and ignores unknown keys: the address keeps its anonymous budget', async () => {
      const store = new RecordingStore();
      const { call } = setUp(store, TIERED);
      expect((await call('plain', keyed('k-partner', '198.51.100.1'))).headers['ratelimit-remaining']).toBe('9');
      expect((await call('plain', keyed('k-partner', '198.51.100.2'))).headers['ratelimit-remaining']).toBe('8');
      const invented = await Promise.all(['k-1', 'k-2', 'k-3'].map((key) => call('plain', keyed(key))));
      expect(invented.map(({ ok, error }) => ok || error?.getStatus())).toEqual([true, true, 429]);
      expect(new Set(store.calls.slice(2).map((c) => c.tracker))).toEqual(new Set(['ip:203.0.113.9']));
    });

    it('keeps the one `default` policy, as before, when neither tiers nor keys are configured', async () => {
      const store = new RecordingStore();
      const { call } = setUp(store);
      await call('plain', user('partner'));
      await call('plain', keyed('k-partner'));
      expect(store.calls.map(({ tracker, policies }) => [tracker, policies[0].name])).toEqual([
        ['user:u-1', 'default'],
        ['ip:203.0.113.9', 'default'],
      ]);
    });

    it("keeps a route's own policies as they are, the tier applying to 'default' among them", async () => {
      const store = new RecordingStore();
      const { call } = setUp(store, TIERED);
      await call('withDefault', keyed('k-partner'));
      await call('burst', keyed('k-partner'));
      expect(store.calls.map((c) => c.policies)).toEqual([
        [
          { name: 'default:partner', limit: 10, windowMs: 60_000 },
          { name: 'login', limit: 1, windowMs: 60_000 },
        ],
        [
          { name: 'burst', limit: 2, windowMs: 1000 },
          { name: 'quota', limit: 5, windowMs: 60_000 },
        ],
      ]);
    });

    it('labels a rejection with the tier policy that refused it', async () => {
      const { call, metric } = setUp(new RecordingStore(), TIERED);
      await call('plain');
      await call('plain');
      const refused = await call('plain');
      expect(refused.error).toBeInstanceOf(RateLimitExceededException);
      expect(refused.error?.getResponse()).toMatchObject({ headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '0' } });
      expect(await metric('rate_limit_rejections_total')).toEqual([expect.objectContaining({ labels: { policy: 'default:anonymous' }, value: 1 })]);
    });
  });

  describe('with Redis on a closed port (redis://127.0.0.1:1)', () => {
    let redis: RedisRateLimitStore;

    beforeAll(async () => {
      redis = new RedisRateLimitStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'bff:rl:test:' });
      await redis.onModuleInit();
    });

    afterAll(() => redis.onApplicationShutdown());

    it('serves open, without headers, counting each failure', async () => {
      const { call, metric } = setUp(redis, { failMode: 'open' });
      const answers = await Promise.all(Array.from({ length: 3 }, () => call('plain')));
      expect(answers.map(({ ok, headers }) => ({ ok, headers }))).toEqual(Array.from({ length: 3 }, () => ({ ok: true, headers: {} })));
      expect(await metric('rate_limit_store_failures_total')).toEqual([expect.objectContaining({ value: 3 })]);
    });

    it('refuses closed with 503 and Retry-After', async () => {
      const { call } = setUp(redis, { failMode: 'closed' });
      const { error } = await call('plain');
      expect(error?.getStatus()).toBe(503);
      expect(error?.getResponse()).toMatchObject({ headers: { 'retry-after': '1' } });
    });
  });
});

describe('rate-limit decorators', () => {
  it('refuse malformed policies and costs when the route is declared', () => {
    expect(() => RateLimit()).toThrow('at least one policy');
    expect(() => RateLimit({ name: 'a:b', limit: 1, windowMs: 1000 })).toThrow('policy name');
    expect(() => RateLimit({ name: 'default', limit: 1, windowMs: 1000 })).toThrow('policy name');
    expect(() => RateLimit({ name: 'burst', limit: 0, windowMs: 1000 })).toThrow('positive integer');
    expect(() => RateLimit({ name: 'burst', limit: 1, windowMs: 1.5 })).toThrow('positive integer');
    expect(() => RateLimitCost(0)).toThrow('1 to 1000');
    expect(() => RateLimitCost(1001)).toThrow('1 to 1000');
  });
});
