import { describeWithRedis, FakeDnsServer, FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';
import Redis from 'ioredis';

const auth = { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` };

/** Sends GETs through the BFF until `check` holds; fails after `timeoutMs`. */
async function until(bff: RunningBff, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the BFF did not follow in time');
    await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth }).then((response) => response.body?.cancel());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('web-bff: DNS discovery (SRV records from a DNS server)', () => {
  const SRV = '_http._tcp.users.bff.test';
  let dns: FakeDnsServer;
  let first: FakeUpstream;
  let second: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    dns = await FakeDnsServer.start();
    first = await FakeUpstream.start();
    second = await FakeUpstream.start();
    dns.setSrv(SRV, [{ target: 'first.users.bff.test', port: first.port }]);
    dns.setA('first.users.bff.test', ['127.0.0.1']);
    dns.setA('second.users.bff.test', ['127.0.0.1']);
    bff = await startBff('web-bff', {
      UPSTREAM_USERS: `dns+srv://${SRV}`,
      DISCOVERY_DNS_SERVER: dns.address,
      DISCOVERY_INTERVAL: '200ms',
    });
  });

  afterAll(async () => {
    await bff.process.stop();
    await Promise.all([first.close(), second.close(), dns.close()]);
  });

  it('sends requests to the instance the records name', async () => {
    const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(response.status).toBe(200);
    expect(first.requests.map(({ url }) => url)).toEqual(['/users/u-1']);
    expect(second.requests).toHaveLength(0);
    expect((await fetch(`${bff.url}/health/ready`)).status).toBe(200);
  });

  it('follows a change of records without a restart', async () => {
    dns.setSrv(SRV, [{ target: 'second.users.bff.test', port: second.port }]);
    await until(bff, () => second.requests.length > 0);
    first.requests.length = 0;
    for (let i = 0; i < 4; i++) expect((await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth })).status).toBe(200);
    expect(first.requests).toHaveLength(0);
  });

  it('keeps serving from the last good records while the name does not resolve', async () => {
    dns.remove(SRV);
    const asked = dns.questions.length;
    while (dns.questions.length < asked + 2) await new Promise((resolve) => setTimeout(resolve, 50));
    second.requests.length = 0;
    const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
    expect(response.status).toBe(200);
    expect(second.requests).toHaveLength(1);
    expect(bff.process.output).not.toMatch(/Error:|at .*\.js:\d+/);
  });
});

describeWithRedis('web-bff: Redis discovery (DISCOVERY=redis)', () => {
  // A database of its own, so instances registered by other runs on db 0 are not in the way.
  const REDIS_URL = 'redis://127.0.0.1:6379/11';
  const KEY = 'bff:discovery:users';
  let redis: Redis;
  let users: FakeUpstream;
  let bff: RunningBff;
  let member: string;

  /** Registers `users` as the documented heartbeat does: score = expiry on the Redis clock. */
  const heartbeat = async (ttlMs: number) => {
    const [seconds, micros] = await redis.time();
    await redis.zadd(KEY, Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) + ttlMs, member);
  };

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    users = await FakeUpstream.start();
    member = JSON.stringify({ origin: users.url, version: 'v1' });
    bff = await startBff('web-bff', { DISCOVERY: 'redis', REDIS_URL, UPSTREAM_USERS: '', DISCOVERY_INTERVAL: '200ms' });
  });

  afterAll(async () => {
    await bff.process.stop();
    await redis.zrem(KEY, member);
    redis.disconnect();
    await users.close();
  });

  it('routes to an instance once it registers, and no longer once its heartbeat stops', async () => {
    await heartbeat(60_000);
    await until(bff, () => users.requests.length > 0);
    expect(users.requests[0].url).toBe('/users/u-1');

    await heartbeat(300);
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth })).status !== 502) {
      if (Date.now() > deadline) throw new Error('the instance was never dropped');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    users.requests.length = 0;
    for (let i = 0; i < 3; i++) await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth }).then((response) => response.body?.cancel());
    expect(users.requests).toHaveLength(0);
  });
});
