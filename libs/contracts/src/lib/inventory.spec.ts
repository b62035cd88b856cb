import { loadSync, ServiceDefinition } from '@grpc/proto-loader';
import { join } from 'node:path';
import {
  INVENTORY_LOADER_OPTIONS,
  INVENTORY_PACKAGE,
  INVENTORY_PROTO_FILE,
  INVENTORY_SERVICE,
} from './inventory';

describe('inventory proto', () => {
  const definition = loadSync(
    join(__dirname, '../proto', INVENTORY_PROTO_FILE),
    INVENTORY_LOADER_OPTIONS,
  );
  const service = definition[
    `${INVENTORY_PACKAGE}.${INVENTORY_SERVICE}`
  ] as ServiceDefinition;

  it('declares the service under the exported package and service names', () => {
    expect(Object.keys(service).sort()).toEqual(['GetStock', 'GetStockBatch']);
  });

  it('uses the field names of the Stock contract', () => {
    const stock = service['GetStock'].responseDeserialize(
      service['GetStock'].responseSerialize({
        productId: 'p-1',
        available: 0,
        warehouse: 'AMS-1',
      }),
    );
    expect(stock).toEqual({
      productId: 'p-1',
      available: 0,
      warehouse: 'AMS-1',
    });
  });
});
