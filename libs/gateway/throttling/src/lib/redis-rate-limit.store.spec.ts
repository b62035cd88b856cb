import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { countSocketWrites, describeWithRedis } from '@bff/gateway-testing';
import { RateLimitPolicy } from './rate-limit.store';
import { RateLimitStoreTimeoutError, RedisRateLimitStore, RedisRateLimitStoreOptions } from './redis-rate-limit.store';

const REDIS_URL = 'redis://127.0.0.1:6379';

const policy = (limit: number, windowMs: number, name = 'default'): RateLimitPolicy => ({ name, limit, windowMs });

describeWithRedis('RedisRateLimitStore against Redis on 127.0.0.1:6379', () => {
  const prefix = `bff:rl:test-${randomUUID()}:`;
  const stores: RedisRateLimitStore[] = [];
  let admin: Redis;
  let now = 1_700_000_000_000;

  const store = async (options: Partial<RedisRateLimitStoreOptions> = {}) => {
    const created = new RedisRateLimitStore({ url: REDIS_URL, keyPrefix: prefix, timeoutMs: 2000, now: () => now, ...options });
    stores.push(created);
    await created.onModuleInit();
    return created;
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
    admin = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    stores.forEach((created) => created.onApplicationShutdown());
    admin.disconnect();
  });

  it('allows exactly `limit` units, slides, and reports remaining, reset and retry', async () => {
    const limiter = await store();
    const p = [policy(2, 1000)];
    const tracker = `ip:${randomUUID()}`;
    expect(await limiter.consume(tracker, p, 1)).toEqual({ allowed: true, states: [{ policy: p[0], remaining: 1, resetMs: 1000, retryAfterMs: 0 }] });
    now += 400;
    expect((await limiter.consume(tracker, p, 1)).states[0]).toMatchObject({ remaining: 0, resetMs: 600 });
    now += 599;
    expect(await limiter.consume(tracker, p, 1)).toMatchObject({ allowed: false, states: [{ remaining: 0, resetMs: 1, retryAfterMs: 1 }] });
    now += 1;
    expect((await limiter.consume(tracker, p, 1)).allowed).toBe(true);
    expect((await limiter.consume(tracker, p, 1)).states[0].retryAfterMs).toBe(400);
  });

  it('counts a cost in units, and never a refused request', async () => {
    const limiter = await store();
    const p = [policy(10, 60_000)];
    const tracker = `user:${randomUUID()}`;
    expect((await limiter.consume(tracker, p, 4)).states[0].remaining).toBe(6);
    now += 10_000;
    expect((await limiter.consume(tracker, p, 4)).states[0].remaining).toBe(2);
    for (let i = 0; i < 3; i++) expect(await limiter.consume(tracker, p, 4)).toMatchObject({ allowed: false, states: [{ remaining: 2, retryAfterMs: 50_000 }] });
    expect((await limiter.consume(tracker, p, 2)).states[0].remaining).toBe(0);
    expect((await limiter.consume(tracker, p, 11)).states[0].retryAfterMs).toBe(60_000);
    expect(await admin.zcard(`${prefix}default:${tracker}`)).toBe(10);
  });

  it('counts a request against every policy or none, in one key per policy that expires by itself', async () => {
    const limiter = await store();
    const p = [policy(2, 1000, 'burst'), policy(3, 60_000, 'quota')];
    const tracker = `ip:${randomUUID()}`;
    await limiter.consume(tracker, p, 1);
    await limiter.consume(tracker, p, 1);
    const refused = await limiter.consume(tracker, p, 1);
    expect(refused.allowed).toBe(false);
    expect(refused.states.map((state) => [state.policy.name, state.remaining, state.retryAfterMs])).toEqual([
      ['burst', 0, 1000],
      ['quota', 1, 0],
    ]);
    expect(await admin.keys(`${prefix}*${tracker}`)).toEqual(expect.arrayContaining([`${prefix}burst:${tracker}`, `${prefix}quota:${tracker}`]));
    expect(await admin.zcard(`${prefix}quota:${tracker}`)).toBe(2);
    const burstTtl = await admin.pttl(`${prefix}burst:${tracker}`);
    const quotaTtl = await admin.pttl(`${prefix}quota:${tracker}`);
    expect(burstTtl).toBeGreaterThan(0);
    expect(burstTtl).toBeLessThanOrEqual(1000);
    expect(quotaTtl).toBeGreaterThan(1000);
    expect(quotaTtl).toBeLessThanOrEqual(60_000);
    now += 1000;
    expect((await limiter.consume(tracker, p, 1)).states.map((state) => state.remaining)).toEqual([1, 0]);
  });

  it('uses the Redis clock when none is given', async () => {
    const limiter = await store({ now: undefined });
    const tracker = `ip:${randomUUID()}`;
    expect((await limiter.consume(tracker, [policy(1, 60_000)], 1)).allowed).toBe(true);
    const refused = await limiter.consume(tracker, [policy(1, 60_000)], 1);
    expect(refused.allowed).toBe(false);
    expect(refused.states[0].retryAfterMs).toBeGreaterThan(0);
    expect(refused.states[0].retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('is exact under concurrency: 4 clients over two stores sharing Redis let exactly `limit` through', async () => {
    const replicas = [await store({ now: undefined }), await store({ now: undefined })];
    const tracker = `user:${randomUUID()}`;
    const limit = 37;
    const perClient = 50;
    const clients = Array.from({ length: 4 }, (_, client) =>
      Promise.all(Array.from({ length: perClient }, (_, i) => replicas[(client + i) % 2].consume(tracker, [policy(limit, 60_000)], 1))),
    );
    const decisions = (await Promise.all(clients)).flat();
    expect(decisions).toHaveLength(4 * perClient);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(limit);
    expect(await admin.zcard(`${prefix}default:${tracker}`)).toBe(limit);
    expect(decisions.filter((decision) => decision.allowed).map((decision) => decision.states[0].remaining).sort((a, b) => a - b)).toEqual(
      Array.from({ length: limit }, (_, i) => i),
    );
  });

  it('sends the requests it decides in one turn to Redis in one write', async () => {
    const limiter = await store();
    const tracker = `user:${randomUUID()}`;
    await limiter.consume(tracker, [policy(100, 1000)], 1);
    const written = countSocketWrites((limiter as unknown as { redis: Redis }).redis.stream);
    const decisions = await Promise.all(Array.from({ length: 10 }, () => limiter.consume(tracker, [policy(100, 1000)], 1)));
    expect(decisions.map((decision) => decision.states[0].remaining).sort((a, b) => a - b)).toEqual([89, 90, 91, 92, 93, 94, 95, 96, 97, 98]);
    expect(written()).toBe(1);
  });

  it('answers readiness with a PING', async () => {
    expect(await (await store()).isReady()).toBe(true);
  });

  it('rejects at once while Redis is unreachable, reports not ready, and recovers by itself', async () => {
    const proxy = await TcpProxy.start(6379);
    const limiter = await store({ url: `redis://127.0.0.1:${proxy.port}`, timeoutMs: 50, now: undefined });
    const tracker = `ip:${randomUUID()}`;
    await eventually(() => limiter.isReady());
    expect((await limiter.consume(tracker, [policy(5, 60_000)], 1)).allowed).toBe(true);

    await proxy.stop();
    await expect(limiter.consume(tracker, [policy(5, 60_000)], 1)).rejects.toThrow();
    expect(await limiter.isReady()).toBe(false);

    await proxy.resume();
    await eventually(() => limiter.isReady());
    expect((await limiter.consume(tracker, [policy(5, 60_000)], 1)).states[0].remaining).toBe(3);
    limiter.onApplicationShutdown();
    await proxy.stop();
  });

  it('gives up after timeoutMs while Redis is slow, then counts again when it answers', async () => {
    const proxy = await TcpProxy.start(6379);
    // 250 ms, not the default 50: a held Redis never answers, so any limit times out, and the answers
    // before and after the hold must fit it on a CI machine whose two cores run other suites too.
    const limiter = await store({ url: `redis://127.0.0.1:${proxy.port}`, timeoutMs: 250, now: undefined });
    const tracker = `ip:${randomUUID()}`;
    try {
      expect((await limiter.consume(tracker, [policy(5, 60_000)], 1)).allowed).toBe(true);
      proxy.hold();
      await expect(limiter.consume(tracker, [policy(5, 60_000)], 1)).rejects.toBeInstanceOf(RateLimitStoreTimeoutError);
      expect(await limiter.isReady()).toBe(false);
      proxy.release();
      expect(await limiter.isReady()).toBe(true);
      // The late command was executed by Redis: a timed-out request may have been counted.
      expect((await limiter.consume(tracker, [policy(5, 60_000)], 1)).states[0].remaining).toBe(2);
    } finally {
      limiter.onApplicationShutdown();
      await proxy.stop();
    }
  });

  it('closes its connection on shutdown', async () => {
    const limiter = await store();
    await limiter.isReady();
    limiter.onApplicationShutdown();
    await expect(limiter.consume(`ip:${randomUUID()}`, [policy(5, 1000)], 1)).rejects.toThrow();
  });
});

describe('RedisRateLimitStore without Redis', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('starts, rejects each request at once instead of queueing it, and reports not ready', async () => {
    const limiter = new RedisRateLimitStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'bff:rl:test:' });
    try {
      await limiter.onModuleInit();
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => limiter.consume('ip:1', [policy(5, 1000)], 1)));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
      expect(await limiter.isReady()).toBe(false);
    } finally {
      limiter.onApplicationShutdown();
    }
  });
});

/** Polls `condition` until it holds (a reconnect is not instantaneous); fails after 10 s. */
async function eventually(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition never held');
}

/** A TCP relay to a local port that can be cut (connections dropped, port closed) and resumed on the same port. */
class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  private held = false;
  private backlog: [Socket, Buffer][] = [];
  port = 0;

  /** Holds back Redis's answers (a Redis that has become slow) until {@link release}. */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.backlog.splice(0).forEach(([client, chunk]) => client.write(chunk));
  }

  private constructor(private readonly target: number) {}

  static async start(target: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.resume();
    return proxy;
  }

  async resume(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket().connect(this.target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => (this.held ? this.backlog.push([client, chunk]) : client.write(chunk)));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    this.sockets.forEach((socket) => socket.destroy());
    await closed;
  }
}
