import { ConfigError, DemoConfig, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({})).toEqual<DemoConfig>({
      usersPort: 4001,
      ordersPort: 4002,
      productsPorts: [4003, 4013],
      inventoryUrl: '0.0.0.0:50051',
      events: { kind: 'tcp', host: '127.0.0.1', port: 4004 },
    });
  });

  it('reads overrides and switches events to NATS when NATS_URL is set', () => {
    expect(
      loadConfig({
        USERS_PORT: '5001',
        ORDERS_PORT: ' 5002 ',
        PRODUCTS_PORTS: '5003, 5013,5023',
        INVENTORY_URL: '127.0.0.1:50052',
        NATS_URL: 'nats://127.0.0.1:4222',
        NOTIFICATIONS_PORT: '5001',
      }),
    ).toEqual<DemoConfig>({
      usersPort: 5001,
      ordersPort: 5002,
      productsPorts: [5003, 5013, 5023],
      inventoryUrl: '127.0.0.1:50052',
      events: { kind: 'nats', url: 'nats://127.0.0.1:4222' },
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ USERS_PORT: '', NATS_URL: ' ' }).usersPort).toBe(4001);
  });

  it.each([
    ['USERS_PORT', 'abc'],
    ['ORDERS_PORT', '0'],
    ['NOTIFICATIONS_PORT', '65536'],
    ['PRODUCTS_PORTS', '4003,'],
    ['PRODUCTS_PORTS', '4003;4013'],
    ['INVENTORY_URL', 'localhost'],
    ['INVENTORY_URL', 'localhost:99999'],
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['REDIS_URL', 'localhost:6379'],
  ])(
    'rejects %s=%j with a one-line message naming the variable',
    (name, value) => {
      const load = () => loadConfig({ [name]: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(
        new RegExp(`^${name} must be .*, got ${JSON.stringify(value)}$`),
      );
    },
  );

  it('registers in Redis only when REDIS_URL is set, advertising ADVERTISE_HOST', () => {
    expect(loadConfig({}).registry).toBeUndefined();
    expect(
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).registry,
    ).toEqual({
      url: 'redis://127.0.0.1:6379',
      advertiseHost: '127.0.0.1',
    });
    expect(
      loadConfig({
        REDIS_URL: 'redis://redis:6379',
        ADVERTISE_HOST: 'demo-services',
      }).registry,
    ).toEqual({ url: 'redis://redis:6379', advertiseHost: 'demo-services' });
    expect(() =>
      loadConfig({ REDIS_URL: 'redis://r:6379', ADVERTISE_HOST: 'a b' }),
    ).toThrow(
      'ADVERTISE_HOST must be a host name or IPv4 address the BFFs can reach, got "a b"',
    );
  });

  it('rejects two services on the same port', () => {
    expect(() => loadConfig({ ORDERS_PORT: '4003' })).toThrow(
      'PRODUCTS_PORTS must not reuse port 4003, already used by ORDERS_PORT',
    );
  });
});
