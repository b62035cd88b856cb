import { loadPackageDefinition, Metadata, Server, ServerCredentials, ServerUnaryCall, sendUnaryData, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { INVENTORY_LOADER_OPTIONS, INVENTORY_PROTO_FILE, StockBatch, StockBatchRequest } from '@bff/contracts';
import { GatewayMetrics } from '@bff/gateway-observability';
import { BreakerOptions } from '@bff/gateway-resilience';
import { requestDeadline } from './forward-context';
import { InventoryClient } from './inventory.client';
import { CircuitOpenException, UpstreamTimeoutException, UpstreamUnavailableException } from './upstream.exceptions';

const PROTO = join(__dirname, '../../../../contracts/src/proto', INVENTORY_PROTO_FILE);

type Handler = (call: ServerUnaryCall<StockBatchRequest, StockBatch>, callback: sendUnaryData<StockBatch>) => void;

async function startInventory(handler: Handler): Promise<{ address: string; server: Server }> {
  const definition = loadPackageDefinition(loadSync(PROTO, INVENTORY_LOADER_OPTIONS)) as unknown as {
    inventory: { InventoryService: { service: never } };
  };
  const server = new Server();
  server.addService(definition.inventory.InventoryService.service, {
    GetStock: (_: unknown, callback: sendUnaryData<unknown>) => callback(null, {}),
    GetStockBatch: handler,
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { address: `127.0.0.1:${port}`, server };
}

/** A fresh incoming request (its deadline is fixed at its first upstream call). */
const originWith = (headers: Record<string, string> = {}) =>
  ({
    id: 'req-7',
    headers,
    socket: { remoteAddress: '127.0.0.1' },
    protocol: 'http',
    identity: { sub: 'u-1', roles: ['user'] },
    routeOptions: { config: {} },
  }) as unknown as FastifyRequest;
const origin = originWith();

describe('InventoryClient', () => {
  const clients: InventoryClient[] = [];
  const servers: Server[] = [];
  const metricsOf = new Map<InventoryClient, GatewayMetrics>();
  const client = (address: string, timeoutMs = 2000, breaker?: BreakerOptions) => {
    const metrics = new GatewayMetrics('web');
    const created = new InventoryClient({ client: 'web', address, protoPath: PROTO, timeoutMs, breaker }, metrics);
    clients.push(created);
    metricsOf.set(created, metrics);
    return created;
  };
  const breakerGauge = async (created: InventoryClient): Promise<number | undefined> => {
    const line = /^circuit_breaker_state\{[^}]*service="inventory"[^}]*\} (\d+)$/m.exec((await metricsOf.get(created)?.scrape())?.body ?? '');
    return line ? Number(line[1]) : undefined;
  };

  afterEach(() => {
    clients.splice(0).forEach((created) => created.onApplicationShutdown());
    servers.splice(0).forEach((server) => server.forceShutdown());
  });

  it('answers stock by product id, sending the request id and identity as metadata', async () => {
    let metadata: Metadata | undefined;
    const { address, server } = await startInventory((call, callback) => {
      metadata = call.metadata;
      callback(null, {
        items: call.request.productIds.filter((id) => id !== 'p-404').map((productId) => ({ productId, available: 0, warehouse: 'AMS-1' })),
      });
    });
    servers.push(server);
    const stock = await client(address).stockOf(['p-1', 'p-404'], origin);
    expect([...stock.entries()]).toEqual([['p-1', { productId: 'p-1', available: 0, warehouse: 'AMS-1' }]]);
    expect(metadata?.get('x-request-id')).toEqual(['req-7']);
    expect(metadata?.get('x-user-id')).toEqual(['u-1']);
  });

  it('fails with 502 unavailable when nothing listens', async () => {
    const { address, server } = await startInventory((_, callback) => callback(null, { items: [] }));
    server.forceShutdown();
    await expect(client(address).stockOf(['p-1'], origin)).rejects.toBeInstanceOf(UpstreamUnavailableException);
  });

  it('fails with 504 when the service does not answer within the deadline', async () => {
    const { address, server } = await startInventory(() => undefined);
    servers.push(server);
    await expect(client(address, 50).stockOf(['p-1'], origin)).rejects.toBeInstanceOf(UpstreamTimeoutException);
  });

  it('does not call the service for no products', async () => {
    const calls: string[] = [];
    const { address, server } = await startInventory((call, callback) => {
      calls.push('called');
      callback(null, { items: [] });
    });
    servers.push(server);
    expect((await client(address).stockOf([], origin)).size).toBe(0);
    expect(calls).toEqual([]);
  });

  it('opens the inventory breaker after failures and then refuses with 503 without calling the service', async () => {
    let calls = 0;
    const { address, server } = await startInventory((_, callback) => {
      calls++;
      callback({ code: status.INTERNAL, details: 'boom' }, null);
    });
    servers.push(server);
    const inventory = client(address, 2000, { volume: 2, errorPercent: 50, resetMs: 30_000 });
    expect(await breakerGauge(inventory)).toBe(0);
    for (let i = 0; i < 2; i++) await expect(inventory.stockOf(['p-1'], originWith())).rejects.toMatchObject({ status: 502 });
    expect(inventory.breakerState).toBe('open');
    expect(await breakerGauge(inventory)).toBe(2);
    const refused = await inventory.stockOf(['p-1'], originWith()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CircuitOpenException);
    expect((refused as CircuitOpenException).getStatus()).toBe(503);
    expect(calls).toBe(2);
  });

  it('does not count caller faults such as INVALID_ARGUMENT against the breaker', async () => {
    const { address, server } = await startInventory((_, callback) => callback({ code: status.INVALID_ARGUMENT, details: 'bad id' }, null));
    servers.push(server);
    const inventory = client(address, 2000, { volume: 2, errorPercent: 10, resetMs: 30_000 });
    for (let i = 0; i < 4; i++) await expect(inventory.stockOf(['p-1'], originWith())).rejects.toMatchObject({ status: 502 });
    expect(inventory.breakerState).toBe('closed');
  });

  it("ends the call at the incoming request's deadline, shorter than the timeout, and sends the time left", async () => {
    let sent: string | undefined;
    const { address, server } = await startInventory((call) => {
      sent = String(call.metadata.get('x-request-deadline-ms')[0]);
    });
    servers.push(server);
    await expect(client(address, 60_000).stockOf(['p-1'], originWith({ 'x-request-deadline-ms': '150' }))).rejects.toBeInstanceOf(
      UpstreamTimeoutException,
    );
    expect(Number(sent)).toBeGreaterThan(0);
    expect(Number(sent)).toBeLessThanOrEqual(150);
  });

  it('answers 504 without calling the service when the shared deadline has already passed', async () => {
    let calls = 0;
    const { address, server } = await startInventory((_, callback) => {
      calls++;
      callback(null, { items: [] });
    });
    servers.push(server);
    const request = originWith({ 'x-request-deadline-ms': '1' });
    requestDeadline(request, 3000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(client(address).stockOf(['p-1'], request)).rejects.toBeInstanceOf(UpstreamTimeoutException);
    expect(calls).toBe(0);
  });
});
