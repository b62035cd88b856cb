import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ChannelCredentials, credentials, loadPackageDefinition, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { FastifyRequest } from 'fastify';
import { INVENTORY_LOADER_OPTIONS, INVENTORY_PACKAGE, INVENTORY_SERVICE, Stock, StockBatch, StockBatchRequest } from '@bff/contracts';
import { GatewayMetrics } from '@bff/gateway-observability';
import { forwardContextOf } from './forward-context';
import { UpstreamErrorException, UpstreamTimeoutException, UpstreamUnavailableException } from './upstream.exceptions';
import { gatewayHeaders } from './upstream-headers';

/** Options of the gRPC inventory client. */
export interface InventoryClientOptions {
  /** This BFF's client kind, sent as `x-client` metadata. */
  client: string;
  /** `host:port` of the inventory service. */
  address: string;
  /** Path of the contracts' `inventory.proto` (apps ship it next to their bundle). */
  protoPath: string;
  /** Deadline of one call in milliseconds. */
  timeoutMs: number;
}

/** Injection token of the {@link InventoryClientOptions}. */
export const INVENTORY_CLIENT_OPTIONS = Symbol('INVENTORY_CLIENT_OPTIONS');

interface InventoryStub {
  GetStockBatch(
    request: StockBatchRequest,
    metadata: Metadata,
    options: { deadline: number },
    callback: (error: ServiceError | null, response?: StockBatch) => void,
  ): void;
  close(): void;
}

const SERVICE = 'inventory';

/**
 * The gRPC inventory service, called under a deadline with the gateway's headers as metadata.
 * Failures become the upstream layer's exceptions: `UNAVAILABLE` 502, `DEADLINE_EXCEEDED` 504,
 * anything else 502.
 *
 * @example
 * const stock = await this.inventory.stockOf(['p-1', 'p-2'], request); // Map productId -> Stock
 */
@Injectable()
export class InventoryClient implements OnApplicationShutdown {
  private readonly stub: InventoryStub;

  constructor(
    @Inject(INVENTORY_CLIENT_OPTIONS) private readonly options: InventoryClientOptions,
    private readonly metrics: GatewayMetrics,
  ) {
    const definition = loadPackageDefinition(loadSync(options.protoPath, INVENTORY_LOADER_OPTIONS)) as unknown as Record<
      string,
      Record<string, new (address: string, creds: ChannelCredentials) => InventoryStub>
    >;
    const Service = definition[INVENTORY_PACKAGE][INVENTORY_SERVICE];
    this.stub = new Service(options.address, credentials.createInsecure());
  }

  /** Stock of each known product, by product id; unknown products are left out. */
  async stockOf(productIds: readonly string[], origin: FastifyRequest): Promise<Map<string, Stock>> {
    if (productIds.length === 0) return new Map();
    const metadata = new Metadata();
    for (const [name, value] of Object.entries(gatewayHeaders(forwardContextOf(origin, this.options.client)))) {
      metadata.set(name, value);
    }
    const started = performance.now();
    const batch = await new Promise<StockBatch>((resolve, reject) =>
      this.stub.GetStockBatch(
        { productIds: [...productIds] },
        metadata,
        { deadline: Date.now() + this.options.timeoutMs },
        (error, response) => {
          this.observe(error ? outcomeOf(error) : 'success', started);
          if (error) reject(exceptionOf(error));
          else resolve(response ?? { items: [] });
        },
      ),
    );
    return new Map(batch.items.map((stock) => [stock.productId, stock]));
  }

  onApplicationShutdown(): void {
    this.stub.close();
  }

  private observe(outcome: string, started: number): void {
    this.metrics.upstreamDuration.observe({ service: SERVICE, outcome }, (performance.now() - started) / 1000);
  }
}

function outcomeOf(error: ServiceError): string {
  if (error.code === status.DEADLINE_EXCEEDED) return 'timeout';
  if (error.code === status.UNAVAILABLE) return 'unreachable';
  return 'error';
}

function exceptionOf(error: ServiceError): Error {
  if (error.code === status.DEADLINE_EXCEEDED) return new UpstreamTimeoutException(SERVICE);
  if (error.code === status.UNAVAILABLE) return new UpstreamUnavailableException(SERVICE);
  return new UpstreamErrorException(SERVICE, 502);
}
