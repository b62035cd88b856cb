import { Logger } from '@nestjs/common';
import { FakeDnsServer } from '@bff/gateway-testing';
import { DnsServiceRegistry, DnsTarget } from './dns.registry';

const SRV = '_http._tcp.users.test';

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('DnsServiceRegistry against a DNS server', () => {
  let dns: FakeDnsServer;
  const registries: DnsServiceRegistry[] = [];

  const registry = (targets: Record<string, DnsTarget>, intervalMs = 60_000) => {
    const created = new DnsServiceRegistry(targets, { intervalMs, servers: [dns.address] });
    registries.push(created);
    return created;
  };
  const origins = (r: DnsServiceRegistry, service = 'users') => r.instances(service).map(({ origin }) => origin);

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    dns = await FakeDnsServer.start();
  });

  afterEach(async () => {
    registries.splice(0).forEach((r) => r.onApplicationShutdown());
    await dns.close();
  });

  it('turns A records into instances on the given port and follows their changes, keeping health', async () => {
    dns.setA('users.test', ['127.0.0.1', '127.0.0.2']);
    const users = registry({ users: { kind: 'dns', host: 'users.test', port: 4001 } });
    await users.refresh();
    expect(origins(users)).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.2:4001']);
    expect(users.services()).toEqual(['users']);

    users.instances('users')[1].healthy = false;
    dns.setA('users.test', ['127.0.0.2', '127.0.0.3']);
    await users.refresh();
    expect(users.instances('users').map(({ origin, healthy }) => [origin, healthy])).toEqual([
      ['http://127.0.0.2:4001', false],
      ['http://127.0.0.3:4001', true],
    ]);
  });

  it('resolves SRV records of the lowest priority through their targets, with their weights', async () => {
    dns.setSrv(SRV, [
      { target: 'a.users.test', port: 4101, weight: 3 },
      { target: 'b.users.test', port: 4102, weight: 0 },
      { target: 'backup.users.test', port: 4103, priority: 10 },
    ]);
    dns.setA('a.users.test', ['127.0.0.1']);
    dns.setA('b.users.test', ['127.0.0.2']);
    dns.setA('backup.users.test', ['127.0.0.9']);
    const users = registry({ users: { kind: 'dns-srv', name: SRV } });
    await users.refresh();
    expect(users.instances('users').map(({ id, origin, weight, healthy }) => ({ id, origin, weight, healthy }))).toEqual([
      { id: 'http://127.0.0.1:4101', origin: 'http://127.0.0.1:4101', weight: 3, healthy: true },
      { id: 'http://127.0.0.2:4102', origin: 'http://127.0.0.2:4102', weight: undefined, healthy: true },
    ]);
    expect(dns.questions).toEqual(expect.arrayContaining([`SRV ${SRV}`, 'A a.users.test', 'A b.users.test']));
    expect(dns.questions).not.toContain('A backup.users.test');
  });

  it('leaves out an SRV target without an address while the others resolve', async () => {
    dns.setSrv(SRV, [
      { target: 'a.users.test', port: 4101 },
      { target: 'gone.users.test', port: 4102 },
    ]);
    dns.setA('a.users.test', ['127.0.0.1']);
    const users = registry({ users: { kind: 'dns-srv', name: SRV } });
    await users.refresh();
    expect(origins(users)).toEqual(['http://127.0.0.1:4101']);
  });

  it('keeps the last good list when a name stops resolving or has no record, and recovers after', async () => {
    dns.setA('users.test', ['127.0.0.1']);
    const users = registry({ users: { kind: 'dns', host: 'users.test', port: 4001 } });
    await users.refresh();
    dns.remove('users.test');
    await users.refresh();
    expect(origins(users)).toEqual(['http://127.0.0.1:4001']);
    dns.setA('users.test', []);
    await users.refresh();
    expect(origins(users)).toEqual(['http://127.0.0.1:4001']);
    dns.setA('users.test', ['127.0.0.4']);
    await users.refresh();
    expect(origins(users)).toEqual(['http://127.0.0.4:4001']);
  });

  it('answers each service from its own name, an unknown service with nothing', async () => {
    dns.setA('users.test', ['127.0.0.1']);
    dns.setA('orders.test', ['127.0.0.2']);
    const both = registry({ users: { kind: 'dns', host: 'users.test', port: 1 }, orders: { kind: 'dns', host: 'orders.test', port: 2 } });
    await both.refresh();
    expect(origins(both, 'users')).toEqual(['http://127.0.0.1:1']);
    expect(origins(both, 'orders')).toEqual(['http://127.0.0.2:2']);
    expect(both.instances('products')).toEqual([]);
  });

  it('follows a change of records on its own, without a restart', async () => {
    dns.setSrv(SRV, [{ target: 'a.users.test', port: 4101 }]);
    dns.setA('a.users.test', ['127.0.0.1']);
    const users = registry({ users: { kind: 'dns-srv', name: SRV } }, 50);
    await users.start();
    expect(origins(users)).toEqual(['http://127.0.0.1:4101']);
    dns.setSrv(SRV, [{ target: 'b.users.test', port: 4102 }]);
    dns.setA('b.users.test', ['127.0.0.1']);
    await eventually(() => origins(users).join() === 'http://127.0.0.1:4102');
  });
});
