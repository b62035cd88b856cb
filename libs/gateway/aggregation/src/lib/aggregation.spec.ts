import { NotFoundException } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { GatewayMetrics, GatewayTracing } from '@bff/gateway-observability';
import { UpstreamErrorException, UpstreamTimeoutException, UpstreamUnavailableException } from '@bff/gateway-upstream';
import { Aggregator } from './aggregation';
import { RequiredPartException } from './required-part.exception';

/** The one span matching `predicate`; fails the test when there is none. */
function spanWhere<T>(spans: T[], predicate: (span: T) => boolean): T {
  const span = spans.find(predicate);
  if (!span) throw new Error('span not found');
  return span;
}

describe('Aggregator', () => {
  let metrics: GatewayMetrics;
  let aggregator: Aggregator;

  beforeEach(() => {
    metrics = new GatewayMetrics('web');
    aggregator = new Aggregator(metrics);
  });

  it('runs independent parts concurrently and reports nothing degraded when all load', async () => {
    const scope = aggregator.begin({});
    const started: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = scope.required('a', async () => {
      started.push('a');
      await gate;
      return 1;
    });
    const b = scope.optional(
      'b',
      async () => {
        started.push('b');
        release();
        return 2;
      },
      0,
    );
    const meta = await scope.settle();
    expect(started.sort()).toEqual(['a', 'b']);
    expect([await a, await b]).toEqual([1, 2]);
    expect(meta).toEqual({ degraded: [] });
  });

  it('falls back for a failed optional part and names it with a short reason', async () => {
    const scope = aggregator.begin({});
    const user = scope.required('user', async () => ({ id: 'u-1' }));
    const products = scope.optional('products', () => Promise.reject(new UpstreamUnavailableException('products')), []);
    const stock = scope.optional('stock', () => Promise.reject(new UpstreamTimeoutException('inventory')), new Map());
    const other = scope.optional('other', () => Promise.reject(new Error('ECONNRESET at 10.0.0.1')), 'fallback');
    const meta = await scope.settle();
    expect(await user).toEqual({ id: 'u-1' });
    expect(await products).toEqual([]);
    expect(await other).toBe('fallback');
    expect((await stock).size).toBe(0);
    expect(meta.degraded).toEqual([
      { part: 'products', reason: 'unavailable' },
      { part: 'stock', reason: 'timeout' },
      { part: 'other', reason: 'error' },
    ]);
  });

  it('chains a dependent part on the fallback of the part it needs', async () => {
    const scope = aggregator.begin({});
    const orders = scope.optional<string[]>('orders', () => Promise.reject(new UpstreamErrorException('orders', 500)), []);
    const products = scope.optional('products', async () => (await orders).map((id) => `product of ${id}`), ['x']);
    const meta = await scope.settle();
    expect(await products).toEqual([]);
    expect(meta.degraded).toEqual([{ part: 'orders', reason: 'error' }]);
  });

  it('fails the whole answer with a 502 naming a failed required part', async () => {
    const scope = aggregator.begin({});
    scope.required('user', () => Promise.reject(new UpstreamUnavailableException('users')));
    scope.optional('orders', async () => [], []);
    const failure = await scope.settle().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RequiredPartException);
    expect((failure as RequiredPartException).getStatus()).toBe(502);
    expect((failure as RequiredPartException).getResponse()).toMatchObject({
      detail: 'The user part of this answer could not be loaded.',
      errors: [{ part: 'user', reason: 'unavailable' }],
    });
  });

  it('answers 504 when a required part times out', async () => {
    const scope = aggregator.begin({});
    scope.required('user', () => Promise.reject(new UpstreamTimeoutException('users')));
    const failure = (await scope.settle().catch((error: unknown) => error)) as RequiredPartException;
    expect(failure.getStatus()).toBe(504);
  });

  it('keeps an upstream 4xx of a required part as it is', async () => {
    const scope = aggregator.begin({});
    scope.required('user', () => Promise.reject(new NotFoundException({ detail: 'user not found' })));
    const failure = (await scope.settle().catch((error: unknown) => error)) as NotFoundException;
    expect(failure).toBeInstanceOf(NotFoundException);
  });

  it('fails a part still running at the deadline with timeout', async () => {
    const scope = aggregator.begin({}, { deadlineMs: 20 });
    const slow = scope.optional('recommendations', () => new Promise<string[]>(() => undefined), ['fallback']);
    const meta = await scope.settle();
    expect(await slow).toEqual(['fallback']);
    expect(meta.degraded).toEqual([{ part: 'recommendations', reason: 'timeout' }]);
  });

  it('counts every part by outcome', async () => {
    const scope = aggregator.begin({});
    scope.required('user', async () => 1);
    scope.optional('products', () => Promise.reject(new UpstreamUnavailableException('products')), null);
    await scope.settle();
    const { body } = await metrics.scrape();
    expect(body).toContain('aggregation_part_total{part="user",outcome="ok",client="web"} 1');
    expect(body).toContain('aggregation_part_total{part="products",outcome="unavailable",client="web"} 1');
  });

  describe('with tracing on', () => {
    let exporter: InMemorySpanExporter;
    let tracing: GatewayTracing;

    beforeEach(async () => {
      exporter = new InMemorySpanExporter();
      tracing = await GatewayTracing.create('web', { endpoint: 'http://127.0.0.1:9', serviceName: 'web-bff', scheduledDelayMillis: 5 }, exporter);
      aggregator = new Aggregator(metrics, tracing);
    });

    afterEach(() => tracing.onApplicationShutdown());

    async function finished(count: number): Promise<ReadableSpan[]> {
      for (let tries = 0; tries < 400 && exporter.getFinishedSpans().length < count; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
      return exporter.getFinishedSpans();
    }

    it('makes each part a span under the request with its outcome, parent of the calls made in it', async () => {
      const request = {};
      const root = tracing.startRequest(request, { method: 'GET', route: '/api/v1/dashboard', url: '/api/v1/dashboard', requestId: 'r-1', traceparent: undefined });
      const scope = aggregator.begin(request, { deadlineMs: 50 });
      const user = scope.required('user', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        tracing.startAttempt(tracing.parentFor(request), { service: 'users', origin: 'http://127.0.0.1:4001', attempt: 1 }, 'GET').end();
        return 'ada';
      });
      scope.optional('products', () => Promise.reject(new UpstreamUnavailableException('products')), []);
      scope.optional('stock', () => new Promise<never>(() => undefined), null);
      await scope.settle();
      expect(await user).toBe('ada');
      tracing.endRequest(root, 200);

      const spans = await finished(5);
      const byName = (name: string) => spanWhere(spans, (span) => span.name === name);
      const rootId = byName('GET /api/v1/dashboard').spanContext().spanId;
      expect(byName('part user')).toMatchObject({
        kind: SpanKind.INTERNAL,
        parentSpanContext: { spanId: rootId },
        status: { code: SpanStatusCode.UNSET },
        attributes: { 'bff.part.name': 'user', 'bff.part.required': true, 'bff.client': 'web', 'bff.part.outcome': 'ok', 'bff.part.result': 'ok' },
      });
      expect(byName('GET users').parentSpanContext?.spanId).toBe(byName('part user').spanContext().spanId);
      expect(byName('part products')).toMatchObject({
        parentSpanContext: { spanId: rootId },
        status: { code: SpanStatusCode.ERROR },
        attributes: { 'bff.part.required': false, 'bff.part.outcome': 'unavailable', 'bff.part.result': 'fallback' },
      });
      expect(byName('part stock').attributes).toMatchObject({ 'bff.part.outcome': 'timeout', 'bff.part.result': 'fallback' });
    });

    it('marks a failed required part failed', async () => {
      const request = {};
      tracing.startRequest(request, { method: 'GET', route: '/x', url: '/x', requestId: 'r-2', traceparent: undefined });
      const scope = aggregator.begin(request);
      scope.required('user', () => Promise.reject(new UpstreamTimeoutException('users')));
      await expect(scope.settle()).rejects.toBeInstanceOf(RequiredPartException);
      const [part] = await finished(1);
      expect(part.attributes).toMatchObject({ 'bff.part.outcome': 'timeout', 'bff.part.result': 'failed' });
    });
  });
});
