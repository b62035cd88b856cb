import {
  INVENTORY_LOADER_OPTIONS,
  INVENTORY_PACKAGE,
  INVENTORY_PROTO_FILE,
  INVENTORY_SERVICE,
  Stock,
  StockBatch,
} from '@bff/contracts';
import {
  credentials,
  GrpcObject,
  loadPackageDefinition,
  ServiceClientConstructor,
  ServiceError,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SEED_DATA } from '../data/seed';
import { freePort } from '../testing/free-port';
import { inventoryGrpcOptions, InventoryModule } from './inventory.module';

const PROTO_PATH = join(
  __dirname,
  '../../../../libs/contracts/src/proto',
  INVENTORY_PROTO_FILE,
);

describe('inventory gRPC service', () => {
  let microservice: INestMicroservice;
  let client: InstanceType<ServiceClientConstructor>;
  let getStock: (request: { productId: string }) => Promise<Stock>;
  let getStockBatch: (request: { productIds: string[] }) => Promise<StockBatch>;

  beforeAll(async () => {
    const url = `127.0.0.1:${await freePort()}`;
    microservice = await NestFactory.createMicroservice(InventoryModule, {
      ...inventoryGrpcOptions(url, PROTO_PATH),
      logger: false,
    });
    await microservice.listen();

    const grpc = loadPackageDefinition(
      loadSync(PROTO_PATH, INVENTORY_LOADER_OPTIONS),
    );
    const Service = (grpc[INVENTORY_PACKAGE] as GrpcObject)[
      INVENTORY_SERVICE
    ] as ServiceClientConstructor;
    client = new Service(url, credentials.createInsecure());
    getStock = promisify(client['GetStock'].bind(client));
    getStockBatch = promisify(client['GetStockBatch'].bind(client));
  });

  afterAll(async () => {
    client.close();
    await microservice.close();
  });

  it('returns the seeded stock of a product, sold-out ones included', async () => {
    const soldOut = SEED_DATA.stock.filter((stock) => stock.available === 0);
    expect(soldOut.length).toBeGreaterThan(0);
    for (const expected of [SEED_DATA.stock[0], ...soldOut]) {
      expect(await getStock({ productId: expected.productId })).toEqual(
        expected,
      );
    }
  });

  it('answers NOT_FOUND for an unknown product', async () => {
    await expect(getStock({ productId: 'p-999' })).rejects.toMatchObject<
      Partial<ServiceError>
    >({
      code: status.NOT_FOUND,
      details: 'product p-999 not found',
    });
  });

  it('returns known products of a batch in request order', async () => {
    const batch = await getStockBatch({ productIds: ['p-3', 'p-999', 'p-1'] });
    expect(batch.items.map((stock) => stock.productId)).toEqual(['p-3', 'p-1']);
  });
});
