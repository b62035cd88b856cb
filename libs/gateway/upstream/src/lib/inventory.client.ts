import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Span, SpanKind } from '@opentelemetry/api';
import { ChannelCredentials, credentials, loadPackageDefinition, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { FastifyRequest } from 'fastify';
import { INVENTORY_LOADER_OPTIONS, INVENTORY_PACKAGE, INVENTORY_SERVICE, Stock, StockBatch, StockBatchRequest } from '@bff/contracts';
import { GatewayMetrics, GatewayTracing } from '@bff/gateway-observability';
import { BreakerOpenError, BreakerOptions, BreakerState, DEADLINE_HEADER, ServiceBreaker } from '@bff/gateway-resilience';
import { forwardContextOf, requestDeadline } from './forward-context';
import { DEFAULT_BREAKER, reportedBreaker } from './reported-breaker';
import { CircuitOpenException, UpstreamErrorException, UpstreamTimeoutException, UpstreamUnavailableException } from './upstream.exceptions';
import { gatewayHeaders } from './upstream-headers';

/** Options of the gRPC inventory client. */
export interface InventoryClientOptions {
  /** This BFF's client kind, sent as `x-client` metadata. */
  client: string;
  /** `host:port` of the inventory service. */
  address: string;
  /** Path of the contracts' `inventory.proto` (apps ship it next to their bundle). */
  protoPath: string;
  /** Deadline of one call in milliseconds, at most the time left of the incoming request. */
  timeoutMs: number;
  /**
   * Time budget of an incoming request for all its upstream calls when this is its first, default
   * `timeoutMs` (the same as the upstream layer's, so HTTP and gRPC calls share one deadline).
   */
  deadlineMs?: number;
  /** Circuit breaker knobs of the `inventory` breaker; default 10 calls, 50 %, 10 s. */
  breaker?: BreakerOptions;
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

/** One call as the breaker runs it. */
interface Call {
  productIds: string[];
  metadata: Metadata;
  timeoutMs: number;
}

// Codes that say the request was wrong, not that the service is failing (like HTTP 4xx).
const CALLER_FAULTS = new Set<number>([
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.PERMISSION_DENIED,
  status.FAILED_PRECONDITION,
  status.OUT_OF_RANGE,
  status.UNAUTHENTICATED,
]);
const isCallerFault = (error: unknown): boolean => CALLER_FAULTS.has((error as Partial<ServiceError>).code ?? -1);

/**
 * The gRPC inventory service, called with the gateway's headers as metadata, under the smaller of
 * `timeoutMs` and the incoming request's time left (its deadline shared with the HTTP calls, sent
 * as `x-request-deadline-ms`), through the `inventory` circuit breaker
 * (`circuit_breaker_state{service="inventory"}`; caller-fault codes such as `INVALID_ARGUMENT` are
 * not counted). Failures become the upstream layer's exceptions: `UNAVAILABLE` 502,
 * `DEADLINE_EXCEEDED` or no time left 504, breaker open 503 {@link CircuitOpenException} (nothing
 * sent), anything else 502. While tracing is on, each call is a CLIENT span whose context is the
 * `traceparent` metadata sent.
 *
 * @example
 * const stock = await this.inventory.stockOf(['p-1', 'p-2'], request); // Map productId -> Stock
 */
@Injectable()
export class InventoryClient implements OnApplicationShutdown {
  private readonly stub: InventoryStub;
  private readonly breaker: ServiceBreaker<Call, StockBatch>;
  private readonly budgetMs: number;

  constructor(
    @Inject(INVENTORY_CLIENT_OPTIONS) private readonly options: InventoryClientOptions,
    private readonly metrics: GatewayMetrics,
    @Optional() private readonly tracing: GatewayTracing = GatewayTracing.disabled,
  ) {
    const definition = loadPackageDefinition(loadSync(options.protoPath, INVENTORY_LOADER_OPTIONS)) as unknown as Record<
      string,
      Record<string, new (address: string, creds: ChannelCredentials) => InventoryStub>
    >;
    const Service = definition[INVENTORY_PACKAGE][INVENTORY_SERVICE];
    this.stub = new Service(options.address, credentials.createInsecure());
    this.budgetMs = options.deadlineMs ?? options.timeoutMs;
    this.breaker = reportedBreaker<Call, StockBatch>(
      SERVICE,
      { ...(options.breaker ?? DEFAULT_BREAKER), ignoreError: isCallerFault },
      (call) => this.call(call),
      () => false,
      metrics,
    );
  }

  /** State of the `inventory` circuit breaker. */
  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /** Stock of each known product, by product id; unknown products are left out. */
  async stockOf(productIds: readonly string[], origin: FastifyRequest): Promise<Map<string, Stock>> {
    if (productIds.length === 0) return new Map();
    const left = Math.floor(requestDeadline(origin, this.budgetMs) - performance.now());
    if (left <= 0) throw new UpstreamTimeoutException(SERVICE);
    const metadata = new Metadata();
    for (const [name, value] of Object.entries(gatewayHeaders(forwardContextOf(origin, this.options.client)))) {
      metadata.set(name, value);
    }
    metadata.set(DEADLINE_HEADER, String(left));
    const span = this.tracing.enabled ? this.startSpan(origin) : undefined;
    if (span) metadata.set('traceparent', this.tracing.traceparentOf(span));
    try {
      const batch = await this.breaker.fire({ productIds: [...productIds], metadata, timeoutMs: Math.min(this.options.timeoutMs, left) });
      if (span) this.tracing.endAttempt(span, 'success');
      return new Map(batch.items.map((stock) => [stock.productId, stock]));
    } catch (error) {
      const open = error instanceof BreakerOpenError;
      if (span) {
        if (!open) span.setAttribute('rpc.grpc.status_code', (error as ServiceError).code ?? status.UNKNOWN);
        this.tracing.endAttempt(span, open ? 'circuit_open' : outcomeOf(error as ServiceError));
      }
      if (error instanceof BreakerOpenError) throw new CircuitOpenException(SERVICE, error.retryAfterSeconds);
      throw exceptionOf(error as ServiceError);
    }
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
    this.stub.close();
  }

  private startSpan(origin: FastifyRequest): Span {
    const colon = this.options.address.lastIndexOf(':');
    return this.tracing.startCall(this.tracing.parentFor(origin), `${INVENTORY_PACKAGE}.${INVENTORY_SERVICE}/GetStockBatch`, SpanKind.CLIENT, {
      'rpc.system': 'grpc',
      'rpc.service': `${INVENTORY_PACKAGE}.${INVENTORY_SERVICE}`,
      'rpc.method': 'GetStockBatch',
      'bff.upstream.service': SERVICE,
      'server.address': this.options.address.slice(0, colon),
      'server.port': Number(this.options.address.slice(colon + 1)),
    });
  }

  private call(call: Call): Promise<StockBatch> {
    const started = performance.now();
    return new Promise<StockBatch>((resolve, reject) =>
      this.stub.GetStockBatch({ productIds: call.productIds }, call.metadata, { deadline: Date.now() + call.timeoutMs }, (error, response) => {
        this.observe(error ? outcomeOf(error) : 'success', started);
        if (error) reject(error);
        else resolve(response ?? { items: [] });
      }),
    );
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
