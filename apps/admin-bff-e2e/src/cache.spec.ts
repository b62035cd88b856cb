import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { mintToken, RunningBff, startBff } from '@bff/gateway-testing';

const REDIS_URL = 'redis://127.0.0.1:6379';
const admin = { authorization: `Bearer ${mintToken({ sub: 'u-2', roles: ['admin'] })}` };
const user = { authorization: `Bearer ${mintToken({ sub: 'u-1', roles: ['user'] })}` };

describe('admin-bff: DELETE /api/v1/admin/cache', () => {
  let bff: RunningBff;
  let redis: Redis;
  // A path of this run's own, so parallel runs never delete each other's entries.
  const path = `/api/v1/products/run-${randomUUID()}`;
  const keys = {
    mobile: `bff:cache:mobile:${path}/p-1?|public`,
    web: `bff:cache:web:${path}/p-1?|public`,
    webList: `bff:cache:web:${path}?page=2|public`,
    other: `bff:cache:web:/api/v1/other-${randomUUID()}?|public`,
  };

  const invalidate = (prefix: string | undefined, headers = admin) =>
    fetch(`${bff.url}/api/v1/admin/cache${prefix === undefined ? '' : `?prefix=${encodeURIComponent(prefix)}`}`, { method: 'DELETE', headers });

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    bff = await startBff('admin-bff', { REDIS_URL });
  });

  beforeEach(async () => {
    for (const key of Object.values(keys)) await redis.set(key, '{"value":{}}', 'PX', 60_000);
  });

  afterAll(async () => {
    await redis.del(...Object.values(keys));
    redis.disconnect();
    await bff.process.stop();
  });

  it('deletes a path prefix in every BFF sharing the Redis and says how many', async () => {
    const response = await invalidate(`${path}/p-1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ invalidated: 2 });
    expect(await redis.exists(keys.mobile, keys.web, keys.webList, keys.other)).toBe(2);
  });

  it('deletes a key prefix: one BFF only', async () => {
    const response = await invalidate(`bff:cache:web:${path}`);
    expect(await response.json()).toEqual({ invalidated: 2 });
    expect(await redis.exists(keys.mobile)).toBe(1);
    expect(await redis.exists(keys.other)).toBe(1);
  });

  it('answers 400 problem+json for a missing or malformed prefix, deleting nothing', async () => {
    for (const prefix of [undefined, '', 'products', '/api/*', 'bff:rl:web:', '/a b']) {
      const response = await invalidate(prefix);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 400 });
    }
    expect(await redis.exists(...Object.values(keys))).toBe(4);
  });

  it('needs the admin role', async () => {
    expect((await invalidate(path, user)).status).toBe(403);
    expect((await fetch(`${bff.url}/api/v1/admin/cache?prefix=${path}`, { method: 'DELETE' })).status).toBe(401);
    expect(await redis.exists(...Object.values(keys))).toBe(4);
  });
});
