import { join } from 'node:path';
import { INVENTORY_PROTO_FILE } from '@bff/contracts';
import { loadBffConfig } from '@bff/gateway-config';
import { INVENTORY_CLIENT_OPTIONS } from './inventory.client';
import { InventoryModule } from './inventory.module';

describe('InventoryModule.forBff', () => {
  it('wires the inventory client from the BFF config and the directory the app ships the protos in', () => {
    const config = loadBffConfig(
      { UPSTREAM_INVENTORY: 'inventory.internal:50051', UPSTREAM_TIMEOUT_MS: '1500', BREAKER_VOLUME: '4', BREAKER_ERROR_PERCENT: '25', BREAKER_RESET_MS: '2000' },
      { client: 'mobile', port: 3001, managementPort: 9101 },
    );
    const module = InventoryModule.forBff(config, '/srv/mobile-bff/proto');
    expect(module).toMatchObject({ module: InventoryModule, global: true });
    expect(module.providers).toContainEqual({
      provide: INVENTORY_CLIENT_OPTIONS,
      useValue: {
        client: 'mobile',
        address: 'inventory.internal:50051',
        protoPath: join('/srv/mobile-bff/proto', INVENTORY_PROTO_FILE),
        timeoutMs: 1500,
        breaker: { volume: 4, errorPercent: 25, resetMs: 2000 },
      },
    });
  });
});
