import { DynamicModule, Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
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

describe('HealthController over Fastify', () => {
  let app: NestFastifyApplication;
  let setUsersHealthy: (...healthy: boolean[]) => void;

  beforeAll(async () => {
    const setup = setUp();
    setUsersHealthy = setup.setUsersHealthy;
    app = (await setup.module.compile()).createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('answers liveness with 200 whatever the upstreams', async () => {
    setUsersHealthy(false, false);
    const response = await get('/health/live');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness with 200 when ready and 503 when not, then when shutting down', async () => {
    setUsersHealthy(true, false);
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok' });

    setUsersHealthy(false, false);
    const notReady = await get('/health/ready');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ status: 'error', error: { users: { status: 'down' } } });

    setUsersHealthy(true, true);
    app.get(ReadinessService).beginShutdown();
    const draining = await get('/health/ready');
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toMatchObject({ status: 'shutting_down' });
  });
});
