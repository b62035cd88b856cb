import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { GatewayTracing, SEMANTIC_ATTRIBUTES } from './tracing';

const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** A finished span as the assertions read it. */
interface Exported {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: SpanKind;
  attributes: Record<string, unknown>;
  statusCode: SpanStatusCode;
  serviceName: unknown;
}

/** The exporter seam of the SDK, keeping what it is given (the OTLP/HTTP transport is tested end to end against the built app). */
class CollectingExporter implements SpanExporter {
  readonly spans: Exported[] = [];

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    for (const span of spans) {
      this.spans.push({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        parentSpanId: span.parentSpanContext?.spanId ?? '',
        name: span.name,
        kind: span.kind,
        attributes: { ...span.attributes },
        statusCode: span.status.code,
        serviceName: span.resource.attributes['service.name'],
      });
    }
    done({ code: 0 });
  }

  async shutdown(): Promise<void> {
    return undefined;
  }
}

async function until<T>(exporter: CollectingExporter, found: (spans: Exported[]) => T | undefined | false): Promise<T> {
  for (let tries = 0; tries < 500; tries++) {
    const result = found(exporter.spans);
    if (result !== undefined && result !== false) return result;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no matching spans; exported: ${exporter.spans.map((span) => span.name).join(', ')}`);
}

/** The one span matching `predicate`; fails the test when there is none. */
function spanWhere<T>(spans: T[], predicate: (span: T) => boolean): T {
  const span = spans.find(predicate);
  if (!span) throw new Error('span not found');
  return span;
}

describe('GatewayTracing', () => {
  let exporter: CollectingExporter;
  let tracing: GatewayTracing;

  beforeEach(async () => {
    exporter = new CollectingExporter();
    tracing = await GatewayTracing.create('web', { endpoint: 'http://127.0.0.1:9', serviceName: 'shop-web', scheduledDelayMillis: 10 }, exporter);
  });

  afterEach(async () => {
    await tracing.onApplicationShutdown();
  });

  const named = (name: string) => (spans: Exported[]) => spans.find((span) => span.name === name);

  it('is off without options: no provider, nothing to shut down', async () => {
    const off = await GatewayTracing.create('web', undefined);
    expect(off.enabled).toBe(false);
    expect(off).toBe(GatewayTracing.disabled);
    await off.onApplicationShutdown();
  });

  it('exports a SERVER span continuing the incoming traceparent, as the service name', async () => {
    const request = {};
    const span = tracing.startRequest(request, { method: 'GET', route: '/api/v2/users/*', url: '/api/v2/users/u-1?x=secret', requestId: 'r-1', traceparent: INCOMING });
    expect(tracing.requestSpanOf(request)).toBe(span);
    tracing.endRequest(span, 502);
    const server = await until(exporter, named('GET /api/v2/users/*'));
    expect(server).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      kind: SpanKind.SERVER,
      serviceName: 'shop-web',
      statusCode: SpanStatusCode.ERROR,
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/api/v2/users/*',
        'url.path': '/api/v2/users/u-1',
        'http.response.status_code': 502,
        'bff.request_id': 'r-1',
      },
    });
  });

  it.each([undefined, 'garbage', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`])('starts a new trace for the incoming traceparent %j', async (incoming) => {
    const span = tracing.startRequest({}, { method: 'POST', route: undefined, url: '/nowhere', requestId: 'r-2', traceparent: incoming });
    tracing.endRequest(span, 404);
    const server = await until(exporter, named('POST'));
    expect(server.parentSpanId).toBe('');
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.traceId).not.toBe('0'.repeat(32));
    expect(server.statusCode).toBe(SpanStatusCode.UNSET);
  });

  it('makes attempt spans children of the request, or of the part they run in, even after an await', async () => {
    const request = {};
    const root = tracing.startRequest(request, { method: 'GET', route: '/api/v1/dashboard', url: '/api/v1/dashboard', requestId: 'r-3', traceparent: INCOMING });
    const direct = tracing.startAttempt(tracing.parentFor(request), { service: 'users', origin: 'http://127.0.0.1:4001', attempt: 1 }, 'GET');
    const sent = tracing.traceparentOf(direct);
    tracing.endAttempt(direct, 'success', 200);
    const part = tracing.startPart(request, { part: 'orders', required: false });
    await tracing.withinPart(part, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const inPart = tracing.startAttempt(tracing.parentFor(request), { service: 'orders', origin: 'https://orders.internal', attempt: 2 }, 'GET');
      tracing.endAttempt(inPart, 'unreachable');
    });
    tracing.endPart(part, { outcome: 'unavailable', result: 'fallback' });
    tracing.endRequest(root, 200);

    const spans = await until(exporter, (all) => all.length >= 4 && all);
    const server = spanWhere(spans, (span) => span.kind === SpanKind.SERVER);
    const users = spanWhere(spans, (span) => span.name === 'GET users');
    const orders = spanWhere(spans, (span) => span.name === 'GET orders');
    const partSpan = spanWhere(spans, (span) => span.name === 'part orders');
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set(['4bf92f3577b34da6a3ce929d0e0e4736']));
    expect(sent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${users.spanId}-01`);
    expect(users).toMatchObject({
      parentSpanId: server.spanId,
      kind: SpanKind.CLIENT,
      statusCode: SpanStatusCode.UNSET,
      attributes: {
        'bff.upstream.service': 'users',
        'server.address': '127.0.0.1',
        'server.port': 4001,
        'bff.upstream.attempt': 1,
        'bff.upstream.outcome': 'success',
        'http.response.status_code': 200,
      },
    });
    expect(partSpan).toMatchObject({
      parentSpanId: server.spanId,
      kind: SpanKind.INTERNAL,
      statusCode: SpanStatusCode.ERROR,
      attributes: { 'bff.part.name': 'orders', 'bff.part.required': false, 'bff.client': 'web', 'bff.part.outcome': 'unavailable', 'bff.part.result': 'fallback' },
    });
    expect(orders).toMatchObject({
      parentSpanId: partSpan.spanId,
      statusCode: SpanStatusCode.ERROR,
      attributes: { 'server.port': 443, 'bff.upstream.attempt': 2, 'bff.upstream.outcome': 'unreachable' },
    });
    expect(orders.attributes).not.toHaveProperty('http.response.status_code');
  });

  it('does not sample what an unsampled incoming trace asked not to: the trace id still goes upstream, flagged 00', async () => {
    const request = {};
    const root = tracing.startRequest(request, { method: 'GET', route: '/a', url: '/a', requestId: 'r-4', traceparent: INCOMING.replace(/01$/, '00') });
    const attempt = tracing.startAttempt(tracing.parentFor(request), { service: 'users', origin: 'http://127.0.0.1:4001', attempt: 1 }, 'GET');
    expect(tracing.traceparentOf(attempt)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    tracing.endAttempt(attempt, 'success', 200);
    tracing.endRequest(root, 200);
    const marker = tracing.startCall(undefined, 'marker', SpanKind.PRODUCER, {});
    marker.end();
    await until(exporter, named('marker'));
    expect(exporter.spans.map((span) => span.name)).toEqual(['marker']);
  });

  it('sends the spans still buffered when the app shuts down', async () => {
    const slow = await GatewayTracing.create('web', { endpoint: 'http://127.0.0.1:9', serviceName: 'shop-web', scheduledDelayMillis: 600_000 }, exporter);
    slow.startCall(undefined, 'inventory GetStockBatch', SpanKind.CLIENT, { 'rpc.system': 'grpc' }).end();
    expect(exporter.spans).toEqual([]);
    await slow.onApplicationShutdown();
    expect(exporter.spans).toMatchObject([{ name: 'inventory GetStockBatch', kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc' } }]);
  });
});

describe('SEMANTIC_ATTRIBUTES', () => {
  it('spells each attribute as @opentelemetry/semantic-conventions does', () => {
    expect(SEMANTIC_ATTRIBUTES).toEqual({
      httpRequestMethod: ATTR_HTTP_REQUEST_METHOD,
      httpResponseStatusCode: ATTR_HTTP_RESPONSE_STATUS_CODE,
      httpRoute: ATTR_HTTP_ROUTE,
      serverAddress: ATTR_SERVER_ADDRESS,
      serverPort: ATTR_SERVER_PORT,
      serviceName: ATTR_SERVICE_NAME,
      urlPath: ATTR_URL_PATH,
    });
  });
});
