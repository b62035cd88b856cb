import { Test } from '@nestjs/testing';
import type { FastifyRequest } from 'fastify';
import type { CursorPage, Order, User } from '@bff/contracts';
import { StaticServiceRegistry } from '@bff/gateway-discovery';
import { GatewayMetrics } from '@bff/gateway-observability';
import { PolicyBalancer } from '@bff/gateway-resilience';
import { JsonClient, ServicesOverview, UpstreamClient } from '@bff/gateway-upstream';
import { AdminController } from './admin.controller';
import { ListOrdersQuery } from './list-orders.query';

const user = (id: string): User => ({
  id,
  username: `user-${id}`,
  name: `User ${id}`,
  email: `${id}@example.com`,
  tier: 'standard',
  createdAt: '2024-01-01T00:00:00.000Z',
});

const order = (id: string, userId: string): Order => ({ id, userId, status: 'pending', createdAt: '2024-02-01T00:00:00.000Z', items: [], total: 10 });

class CannedJsonClient {
  readonly calls: { service: string; path: string; origin: FastifyRequest }[] = [];
  orders: Order[] = [];

  async get<T>(service: string, path: string, origin: FastifyRequest): Promise<T> {
    this.calls.push({ service, path, origin });
    if (service === 'orders') return { items: this.orders, nextCursor: null } satisfies CursorPage<Order> as T;
    return user(decodeURIComponent(path.slice('/users/'.length))) as T;
  }
}

describe('AdminController', () => {
  let controller: AdminController;
  let json: CannedJsonClient;
  let registry: StaticServiceRegistry;
  let upstream: UpstreamClient;
  const request = { url: '/api/v1/admin/orders' } as FastifyRequest;

  beforeEach(async () => {
    json = new CannedJsonClient();
    registry = new StaticServiceRegistry({ users: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'], orders: ['http://127.0.0.1:4003'] });
    upstream = new UpstreamClient(registry, new PolicyBalancer(registry), new GatewayMetrics('admin'), { client: 'admin', timeoutMs: 1000 });
    const moduleRef = await Test.createTestingModule({
      controllers: [AdminController],
      providers: [JsonClient, { provide: ServicesOverview, useValue: new ServicesOverview(registry, upstream) }],
    })
      .overrideProvider(JsonClient)
      .useValue(json)
      .compile();
    controller = moduleRef.get(AdminController);
  });

  afterEach(() => upstream.onApplicationShutdown());

  it('lists every service live: breaker, load, and its instances with health, ejection and metadata', () => {
    registry.instances('users')[1].healthy = false;
    const idle = { inFlight: 0, requests: 0, errors: 0 };
    const instance = (origin: string, healthy: boolean) => ({ id: origin, origin, healthy, ejected: false, ...idle });
    expect(controller.services()).toEqual({
      services: [
        {
          name: 'users',
          breaker: 'closed',
          ...idle,
          instances: [instance('http://127.0.0.1:4001', true), instance('http://127.0.0.1:4002', false)],
        },
        { name: 'orders', breaker: 'closed', ...idle, instances: [instance('http://127.0.0.1:4003', true)] },
      ],
    });
  });

  it('joins orders with their users, in order, calling users once per distinct user', async () => {
    json.orders = [order('o-1', 'u-2'), order('o-2', 'u-1'), order('o-3', 'u-2')];
    const { items } = await controller.orders(request, { limit: 5 });

    expect(items.map(({ id, user }) => [id, user.id])).toEqual([
      ['o-1', 'u-2'],
      ['o-2', 'u-1'],
      ['o-3', 'u-2'],
    ]);
    expect(items[0]).toEqual({ ...order('o-1', 'u-2'), user: { id: 'u-2', username: 'user-u-2', name: 'User u-2', email: 'u-2@example.com' } });
    expect(json.calls.map(({ service, path }) => `${service} ${path}`).sort()).toEqual(['orders /orders?limit=5', 'users /users/u-1', 'users /users/u-2']);
    expect(json.calls.every(({ origin }) => origin === request)).toBe(true);
  });

  it('encodes user ids into the upstream paths', async () => {
    json.orders = [order('o-1', 'u/../admin')];
    const { items } = await controller.orders(request, { limit: 5 });
    expect(json.calls.map(({ path }) => path)).toEqual(['/orders?limit=5', '/users/u%2F..%2Fadmin']);
    expect(items[0].user.id).toBe('u/../admin');
  });

  it('answers an empty page without calling users', async () => {
    expect(await controller.orders(request, new ListOrdersQuery())).toEqual({ items: [] });
    expect(json.calls.map(({ path }) => path)).toEqual(['/orders?limit=20']);
  });
});
