import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CacheEntry, CacheStore, CachingModule } from '@bff/gateway-caching';
import { ObservabilityModule } from '@bff/gateway-observability';
import { CacheAdminController } from './cache-admin.controller';

const entry = (): CacheEntry => ({ value: {}, storedAt: 0, freshUntil: Date.now() + 60_000, staleUntil: Date.now() + 60_000, errorUntil: Date.now() + 60_000 });

describe('CacheAdminController', () => {
  let controller: CacheAdminController;
  let store: CacheStore;

  beforeEach(async () => {
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({
      imports: [ObservabilityModule.forRoot({ client: 'admin' }), CachingModule.forRoot({ client: 'admin' })],
      controllers: [CacheAdminController],
    }).compile();
    controller = moduleRef.get(CacheAdminController);
    store = moduleRef.get<CacheStore>(CacheStore);
    for (const key of ['bff:cache:admin:/api/v1/x/1?|public', 'bff:cache:admin:/api/v1/x/2?|u:u-1', 'bff:cache:admin:/api/v1/y?|public']) {
      await store.set(key, entry(), 60_000);
    }
  });

  it('answers how many entries a path prefix invalidated', async () => {
    expect(await controller.invalidate({ prefix: '/api/v1/x' })).toEqual({ invalidated: 2 });
    expect(await store.get('bff:cache:admin:/api/v1/y?|public')).toBeDefined();
    expect(await controller.invalidate({ prefix: '/api/v1/x' })).toEqual({ invalidated: 0 });
  });

  it('refuses a prefix outside the cache namespace with 400', async () => {
    await expect(controller.invalidate({ prefix: 'bff:rl:' })).rejects.toMatchObject({ status: 400 });
  });
});
