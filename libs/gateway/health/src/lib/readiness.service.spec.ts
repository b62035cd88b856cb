import { DynamicModule, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ServiceRegistry, StaticServiceRegistry } from '@bff/gateway-discovery';
import { HealthModule } from './health.module';
import { ReadinessService } from './readiness.service';

@Module({})
class RegistryModule {
  static of(registry: ServiceRegistry): DynamicModule {
    return { module: RegistryModule, global: true, providers: [{ provide: ServiceRegistry, useValue: registry }], exports: [ServiceRegistry] };
  }
}

function setUp() {
  const registry = new StaticServiceRegistry({ users: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'], orders: ['http://127.0.0.1:4003'] });
  const setUsersHealthy = (...healthy: boolean[]) => registry.instances('users').forEach((instance, i) => (instance.healthy = healthy[i]));
  registry.instances('orders')[0].healthy = false; // not required: must not matter
  const module = Test.createTestingModule({ imports: [RegistryModule.of(registry), HealthModule.forRoot({ requiredServices: ['users'] })] });
  return { module, setUsersHealthy };
}

describe('ReadinessService', () => {
  let readiness: ReadinessService;
  let setUsersHealthy: (...healthy: boolean[]) => void;

  beforeEach(async () => {
    const setup = setUp();
    setUsersHealthy = setup.setUsersHealthy;
    readiness = (await setup.module.compile()).get(ReadinessService);
  });

  it('is ok while a required service has a healthy instance', async () => {
    setUsersHealthy(false, true);
    expect(await readiness.check()).toMatchObject({ status: 'ok', details: { users: { status: 'up', instances: 2, healthy: 1 } } });
  });

  it('reports error, without throwing, when a required service has no healthy instance', async () => {
    setUsersHealthy(false, false);
    expect(await readiness.check()).toMatchObject({ status: 'error', error: { users: { status: 'down', instances: 2, healthy: 0 } } });
  });

  it('reports shutting_down once shutdown has begun, even with healthy upstreams', async () => {
    readiness.beginShutdown();
    expect((await readiness.check()).status).toBe('shutting_down');
  });
});

describe('ReadinessService with a dependency such as Redis', () => {
  const REDIS = Symbol('Redis');
  const redis = { readinessName: 'redis', up: true, isReady: () => Promise.resolve(redis.up) };

  @Module({})
  class RedisModule {}

  async function readinessWith(dependencies: unknown[]) {
    const registry = new StaticServiceRegistry({ users: ['http://127.0.0.1:4001'] });
    const module = await Test.createTestingModule({
      imports: [
        RegistryModule.of(registry),
        { module: RedisModule, global: true, providers: [{ provide: REDIS, useValue: redis }], exports: [REDIS] },
        HealthModule.forRoot({ requiredServices: ['users'], dependencies: dependencies as symbol[] }),
      ],
    }).compile();
    await module.init();
    return module.get(ReadinessService);
  }

  it('is ready while the dependency answers and not while it does not', async () => {
    const readiness = await readinessWith([REDIS]);
    redis.up = true;
    expect(await readiness.check()).toMatchObject({ status: 'ok', details: { users: { status: 'up' }, redis: { status: 'up' } } });
    redis.up = false;
    expect(await readiness.check()).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
  });

  it('refuses at start a token that is not a readiness dependency', async () => {
    const NOT_ONE = Symbol('NotOne');
    await expect(
      Test.createTestingModule({
        imports: [
          RegistryModule.of(new StaticServiceRegistry({ users: ['http://127.0.0.1:4001'] })),
          { module: RedisModule, global: true, providers: [{ provide: NOT_ONE, useValue: {} }], exports: [NOT_ONE] },
          HealthModule.forRoot({ requiredServices: [], dependencies: [NOT_ONE] }),
        ],
      })
        .compile()
        .then((module) => module.init()),
    ).rejects.toThrow('has no readinessName and isReady()');
  });
});
