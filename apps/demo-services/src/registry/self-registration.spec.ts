import {
  REDIS_REGISTRY_PREFIX,
  RedisServiceRegistry,
} from '@bff/gateway-discovery';
import { Logger } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../config';
import { registerServices, registrationsOf } from './self-registration';

function redisAnswers(): boolean {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "require('net').connect(6379,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))",
    ],
    { timeout: 3000 },
  );
  return probe.status === 0;
}
const redisUp = redisAnswers();
if (!redisUp && !process.env['CI']) {
  console.warn(
    'SKIPPED: the self-registration spec needs Redis on 127.0.0.1:6379',
  );
}
const itWithRedis = redisUp || process.env['CI'] ? it : it.skip;

async function eventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('self-registration', () => {
  it('announces every HTTP service at the advertised host, products with versions', () => {
    expect(registrationsOf(loadConfig({}), 'demo-services')).toEqual([
      { service: 'users', instance: { origin: 'http://demo-services:4001' } },
      { service: 'orders', instance: { origin: 'http://demo-services:4002' } },
      {
        service: 'products',
        instance: { origin: 'http://demo-services:4003', version: 'v1' },
      },
      {
        service: 'products',
        instance: { origin: 'http://demo-services:4013', version: 'v2' },
      },
    ]);
  });

  it('registers nothing without REDIS_URL', async () => {
    expect(await registerServices(loadConfig({}))).toBeUndefined();
  });

  itWithRedis(
    'registers in the Redis registry the BFFs read, and deregisters on stop',
    async () => {
      Logger.overrideLogger(false);
      // Ports no other test uses, so parallel runs never see each other's instances.
      const base = 20_000 + Math.floor(Math.random() * 40_000);
      const config = loadConfig({
        REDIS_URL: 'redis://127.0.0.1:6379',
        USERS_PORT: String(base),
        ORDERS_PORT: String(base + 1),
        PRODUCTS_PORTS: `${base + 2},${base + 3}`,
        NOTIFICATIONS_PORT: String(base + 4),
      });
      const registry = new RedisServiceRegistry(['users', 'products'], {
        url: 'redis://127.0.0.1:6379',
        keyPrefix: REDIS_REGISTRY_PREFIX,
        intervalMs: 50,
      });
      await registry.start();
      const origins = new Set(
        [0, 1, 2, 3].map((offset) => `http://127.0.0.1:${base + offset}`),
      );
      const mine = (service: string) =>
        registry
          .instances(service)
          .filter(({ origin }) => origins.has(origin))
          .map(({ origin, version }) => ({ origin, version }));
      const registration = await registerServices(config);
      try {
        await eventually(() => mine('products').length === 2);
        expect(mine('users')).toEqual([
          { origin: `http://127.0.0.1:${base}`, version: undefined },
        ]);
        expect(mine('products')).toEqual(
          expect.arrayContaining([
            { origin: `http://127.0.0.1:${base + 2}`, version: 'v1' },
            { origin: `http://127.0.0.1:${base + 3}`, version: 'v2' },
          ]),
        );
      } finally {
        await registration?.stop();
      }
      await eventually(() => mine('users').length === 0);
      registry.onApplicationShutdown();
    },
  );
});
