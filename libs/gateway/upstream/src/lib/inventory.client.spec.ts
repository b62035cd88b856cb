import { loadPackageDefinition, Metadata, Server, ServerCredentials, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { INVENTORY_LOADER_OPTIONS, INVENTORY_PROTO_FILE, StockBatch, StockBatchRequest } from '@bff/contracts';
import { GatewayMetrics } from '@bff/gateway-observability';
import { InventoryClient } from './inventory.client';
import { UpstreamTimeoutException, UpstreamUnavailableException } from './upstream.exceptions';

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

const origin = {
  id: 'req-7',
  headers: {},
  socket: { remoteAddress: '127.0.0.1' },
  protocol: 'http',
  identity: { sub: 'u-1', roles: ['user'] },
} as unknown as FastifyRequest;

describe('InventoryClient', () => {
  const clients: InventoryClient[] = [];
  const servers: Server[] = [];
  const client = (address: string, timeoutMs = 2000) => {
    const created = new InventoryClient({ client: 'web', address, protoPath: PROTO, timeoutMs }, new GatewayMetrics('web'));
    clients.push(created);
    return created;
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
});
