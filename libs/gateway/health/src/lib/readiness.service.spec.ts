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
