import { loadPackageDefinition, sendUnaryData, Server, ServerCredentials, ServerUnaryCall, ServiceDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createServer } from 'node:http';
import type { CursorPage, Order, Page, Product, RecommendationList, Stock, StockBatch, StockBatchRequest, User } from '@bff/contracts';
import { announcePort } from './processes';

/** One answer of the API upstream: status, JSON body, and whether it waits the fixed delay first. */
export interface ApiAnswer {
  status: number;
  body: string;
  delayed: boolean;
}

const PRODUCTS: readonly Product[] = Array.from({ length: 8 }, (_, i) => ({
  id: `p-${i + 1}`,
  name: `Product ${i + 1}`,
  description: `A product of the benchmark's catalogue, number ${i + 1}.`,
  price: 10 + i * 2.5,
  currency: 'EUR',
  category: i % 2 === 0 ? 'kitchen' : 'garden',
  imageUrl: `https://img.example.com/p-${i + 1}.jpg`,
}));

/** Stock of every product. */
export const STOCK: readonly Stock[] = PRODUCTS.map((product, i) => ({ productId: product.id, available: i * 3, warehouse: 'bench-1' }));

const ORDERS: readonly Order[] = Array.from({ length: 5 }, (_, i) => {
  const items = [
    { productId: PRODUCTS[i].id, quantity: 1 + (i % 3), unitPrice: PRODUCTS[i].price },
    { productId: PRODUCTS[i + 1].id, quantity: 1, unitPrice: PRODUCTS[i + 1].price },
  ];
  return {
    id: `o-${i + 1}`,
    userId: 'u-1',
    status: 'delivered',
    createdAt: `2026-0${i + 1}-15T10:00:00.000Z`,
    items,
    total: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
  };
});

const json = (status: number, value: unknown, delayed = false): ApiAnswer => ({ status, body: JSON.stringify(value), delayed });
const limitOf = (query: URLSearchParams): number => Math.max(0, Number(query.get('limit') ?? 5) || 0);

/**
 * What the API upstream answers to a GET of `pathAndQuery`: the services web-bff's dashboard and
 * catalogue call, on one origin. The three calls the dashboard makes in parallel (the user, their
 * orders, their recommendations) wait the fixed delay; the lookups that depend on them
 * (`/products?ids=`, and inventory over gRPC) and the catalogue's `/products/:id` answer at once.
 */
export function apiAnswer(pathAndQuery: string): ApiAnswer {
  const url = new URL(pathAndQuery, 'http://upstream');
  const [, collection, id, ...rest] = url.pathname.split('/');
  if (rest.length > 0) return json(404, { message: 'not found' });
  if (collection === 'health' && id === undefined) return json(200, { status: 'ok', service: 'bench-upstream' });
  if (collection === 'users' && id) {
    const user: User = { id: decodeURIComponent(id), username: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', tier: 'gold', createdAt: '2024-01-15T09:30:00.000Z' };
    return json(200, user, true);
  }
  if (collection === 'orders' && id === undefined) {
    const userId = url.searchParams.get('userId') ?? '';
    const page: CursorPage<Order> = { items: ORDERS.slice(0, limitOf(url.searchParams)).map((order) => ({ ...order, userId })), nextCursor: null };
    return json(200, page, true);
  }
  if (collection === 'recommendations' && id === undefined) {
    const list: RecommendationList = { items: PRODUCTS.slice(3, 3 + limitOf(url.searchParams)).map((product, i) => ({ productId: product.id, score: 0.9 - i / 10 })) };
    return json(200, list, true);
  }
  if (collection === 'products' && id === undefined) {
    const ids = new Set((url.searchParams.get('ids') ?? '').split(','));
    const items = PRODUCTS.filter((product) => ids.has(product.id));
    const page: Page<Product> = { items, total: items.length };
    return json(200, page);
  }
  if (collection === 'products' && id) {
    const product = PRODUCTS.find((candidate) => candidate.id === decodeURIComponent(id));
    return product ? json(200, product) : json(404, { message: `product ${id} not found` });
  }
  return json(404, { message: 'not found' });
}

/** `GetStockBatch` of the API upstream's inventory: the known products' stock, unknown ones left out. */
export function stockBatch({ productIds }: StockBatchRequest): StockBatch {
  return { items: STOCK.filter((stock) => productIds.includes(stock.productId)) };
}

/** Serves gRPC `inventory.InventoryService` from `protoPath` on 127.0.0.1:`port`. */
async function serveInventory(protoPath: string, port: number): Promise<void> {
  const definition = loadPackageDefinition(loadSync(protoPath, { keepCase: true, defaults: true })) as unknown as {
    inventory: { InventoryService: { service: ServiceDefinition } };
  };
  const server = new Server();
  server.addService(definition.inventory.InventoryService.service, {
    GetStockBatch: (call: ServerUnaryCall<StockBatchRequest, StockBatch>, callback: sendUnaryData<StockBatch>) => callback(null, stockBatch(call.request)),
    GetStock: (call: ServerUnaryCall<{ productId: string }, Stock>, callback: sendUnaryData<Stock>) => {
      const stock = STOCK.find((candidate) => candidate.productId === call.request.productId);
      callback(stock ? null : { code: status.NOT_FOUND, details: 'product not found' }, stock);
    },
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
}

// The upstream of the dashboard and cached-GET rows: HTTP keep-alive on an ephemeral loopback port
// (announced on stdout once gRPC listens too) and gRPC inventory on the given port.
// Usage: api-upstream.ts <delay ms> <gRPC port> <inventory.proto path>
if (require.main === module) {
  const [delayMs, grpcPort, protoPath] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
  const server = createServer((request, response) => {
    request.resume();
    const { status, body, delayed } = apiAnswer(request.url ?? '/');
    const send = () => response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    if (delayed && delayMs > 0) setTimeout(send, delayMs);
    else send();
  });
  server.keepAliveTimeout = 60_000;
  serveInventory(protoPath, grpcPort).then(
    () => server.listen(0, '127.0.0.1', () => announcePort(server)),
    (error: Error) => {
      process.stderr.write(`api upstream: gRPC inventory could not listen on ${grpcPort}: ${error.message}\n`);
      process.exit(1);
    },
  );
}
