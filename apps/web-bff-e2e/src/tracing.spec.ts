import {
  CLOSED_UPSTREAM,
  FakeOtlpReceiver,
  FakeUpstream,
  mintToken,
  OTLP_KIND,
  ReceivedSpan,
  RunningBff,
  RunningDemoServices,
  startBff,
  startDemoServices,
} from '@bff/gateway-testing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01`;
const auth = { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` };

/** The span id of a W3C traceparent. */
const spanIdOf = (traceparent: unknown): string => String(traceparent).split('-')[2];

describe('web-bff: OpenTelemetry traces over OTLP/HTTP', () => {
  let otlp: FakeOtlpReceiver;
  let users: FakeUpstream;
  let spare: FakeUpstream;
  const ok = () => ({ status: 200, body: { id: 'u-1', username: 'ada' } });
  const bffs: RunningBff[] = [];
  const receivers: FakeOtlpReceiver[] = [];
  const start = async (env: Record<string, string>, receiver = otlp) => {
    const bff = await startBff('web-bff', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50', ...env });
    bffs.push(bff);
    return bff;
  };
  const ownReceiver = async () => {
    const receiver = await FakeOtlpReceiver.start();
    receivers.push(receiver);
    return receiver;
  };

  beforeAll(async () => {
    otlp = await ownReceiver();
    users = await FakeUpstream.start(ok);
    spare = await FakeUpstream.start(ok);
  });

  beforeEach(() => {
    for (const fake of [users, spare]) {
      fake.requests.length = 0;
      fake.handler = ok;
    }
  });

  afterEach(async () => {
    await Promise.all(bffs.splice(0).map((bff) => bff.process.stop()));
  });

  afterAll(async () => {
    await Promise.all([...receivers.map((receiver) => receiver.close()), users.close(), spare.close()]);
  });

  /** The SERVER span of the request with `requestId`, once exported. */
  const serverSpanOf = (requestId: string) =>
    otlp.until((spans) => spans.find((span) => span.kind === OTLP_KIND.server && span.attributes['bff.request_id'] === requestId));
  const childrenOf = (parent: ReceivedSpan) => otlp.spans.filter((span) => span.parentSpanId === parent.spanId);
  const received = () => [...users.requests, ...spare.requests];

  describe('pass-through to a service of two instances', () => {
    let bff: RunningBff;

    beforeAll(async () => {
      bff = await startBff('web-bff', {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        UPSTREAM_USERS: `${users.url},${spare.url}`,
        LOG_LEVEL: 'info',
      });
    });

    afterAll(async () => {
      await bff.process.stop();
    });

    it("continues the incoming trace: the server span is the caller span's child, the upstream sees its attempt span as parent", async () => {
      const response = await fetch(`${bff.url}/api/v2/users/u-1?token=q`, { headers: { ...auth, traceparent: TRACEPARENT, 'x-request-id': 'trace-pass-1' } });
      expect(response.status).toBe(200);

      const server = await serverSpanOf('trace-pass-1');
      expect(server).toMatchObject({
        traceId: TRACE_ID,
        parentSpanId: CLIENT_SPAN_ID,
        name: 'GET /api/v2/users/*',
        serviceName: 'web-bff',
        attributes: { 'http.request.method': 'GET', 'http.route': '/api/v2/users/*', 'url.path': '/api/v2/users/u-1', 'http.response.status_code': 200 },
      });
      const [seen] = received();
      const sent = seen.headers['traceparent'];
      expect(sent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
      const attempt = await otlp.until((spans) => spans.find((span) => span.spanId === spanIdOf(sent)));
      expect(attempt).toMatchObject({
        traceId: TRACE_ID,
        parentSpanId: server.spanId,
        kind: OTLP_KIND.client,
        attributes: {
          'bff.upstream.service': 'users',
          'server.address': '127.0.0.1',
          'bff.upstream.attempt': 1,
          'bff.upstream.outcome': 'success',
          'http.response.status_code': 200,
        },
      });
      expect([users.port, spare.port]).toContain(attempt.attributes['server.port']);
    });

    it('logs the trace id of the server span it started when the client sent no traceparent', async () => {
      await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { ...auth, 'x-request-id': 'trace-root-1' } });
      const server = await serverSpanOf('trace-root-1');
      expect(server.parentSpanId).toBe('');
      expect(received()[0].headers['traceparent']).toContain(server.traceId);
      const line = await otlp.until(() =>
        bff.process.output
          .split('\n')
          .filter((text) => text.startsWith('{'))
          .map((text) => JSON.parse(text) as Record<string, unknown>)
          .find((entry) => entry['msg'] === 'request' && entry['requestId'] === 'trace-root-1'),
      );
      expect(line['traceId']).toBe(server.traceId);
    });

    it('shows a retried request as two attempt spans, the failed one first, each sent its own traceparent', async () => {
      let calls = 0;
      const failFirst = () => (++calls === 1 ? { status: 503, body: 'down' } : ok());
      users.handler = failFirst;
      spare.handler = failFirst;
      const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { ...auth, traceparent: TRACEPARENT, 'x-request-id': 'trace-retry-1' } });
      expect(response.status).toBe(200);

      const server = await serverSpanOf('trace-retry-1');
      const attempts = await otlp.until(() => {
        const found = childrenOf(server).filter((span) => span.kind === OTLP_KIND.client);
        return found.length === 2 && found.sort((a, b) => Number(a.attributes['bff.upstream.attempt']) - Number(b.attributes['bff.upstream.attempt']));
      });
      expect(attempts.map((span) => [span.attributes['bff.upstream.attempt'], span.attributes['http.response.status_code'], span.statusCode])).toEqual([
        [1, 503, 2],
        [2, 200, 0],
      ]);
      expect(received().map((request) => spanIdOf(request.headers['traceparent'])).sort()).toEqual(attempts.map((span) => span.spanId).sort());
    });

    it('marks a request answered 5xx as an error', async () => {
      users.handler = () => ({ status: 500, body: 'boom' });
      spare.handler = users.handler;
      const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { ...auth, 'x-request-id': 'trace-502-1' } });
      expect(response.status).toBe(502);
      const server = await serverSpanOf('trace-502-1');
      expect(server).toMatchObject({ statusCode: 2, attributes: { 'http.response.status_code': 502 } });
    });
  });

  it('sends the spans still batched when the BFF shuts down', async () => {
    const receiver = await ownReceiver();
    const bff = await start({ UPSTREAM_USERS: users.url, OTEL_BSP_SCHEDULE_DELAY: '600000' }, receiver);
    await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { ...auth, 'x-request-id': 'trace-flush-1' } });
    expect(receiver.spans).toEqual([]);
    expect(await bff.process.stop()).toBe(0);
    expect(receiver.spans.find((span) => span.attributes['bff.request_id'] === 'trace-flush-1')).toMatchObject({ kind: OTLP_KIND.server });
  });

  it('exports nothing without OTEL_EXPORTER_OTLP_ENDPOINT, not even at shutdown, whatever other OTEL_* variables say', async () => {
    const receiver = await ownReceiver();
    const bff = await startBff('web-bff', {
      UPSTREAM_USERS: users.url,
      OTEL_SERVICE_NAME: 'web-bff',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      // An SDK exporter left with its defaults would send here: none may exist.
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
    });
    bffs.push(bff);
    const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { ...auth, traceparent: TRACEPARENT } });
    expect(response.status).toBe(200);
    expect(users.requests[0].headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(await bff.process.stop()).toBe(0);
    expect(receiver.posts).toBe(0);
  });

  it('refuses to start with a malformed OTEL_EXPORTER_OTLP_ENDPOINT, naming it', async () => {
    await expect(start({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).rejects.toThrow(
      'web-bff: Invalid environment variable OTEL_EXPORTER_OTLP_ENDPOINT="jaeger:4318": expected a http or https URL',
    );
  });

  describe('GET /api/v1/dashboard against the demo services', () => {
    let demo: RunningDemoServices;

    beforeAll(async () => {
      demo = await startDemoServices();
    });

    afterAll(async () => {
      await demo.process.stop();
    });

    it('shows each part as a span with its outcome, with the upstream attempts under the parts', async () => {
      const bff = await start({ ...demo.env, UPSTREAM_PRODUCTS: CLOSED_UPSTREAM });
      const response = await fetch(`${bff.url}/api/v1/dashboard`, { headers: { ...auth, traceparent: TRACEPARENT, 'x-request-id': 'trace-dash-1' } });
      expect(response.status).toBe(200);

      const server = await serverSpanOf('trace-dash-1');
      expect(server).toMatchObject({ traceId: TRACE_ID, parentSpanId: CLIENT_SPAN_ID, name: 'GET /api/v1/dashboard' });
      const parts = await otlp.until(() => {
        const found = childrenOf(server).filter((span) => span.kind === OTLP_KIND.internal);
        return found.length === 5 && new Map(found.map((span) => [span.attributes['bff.part.name'], span]));
      });
      const partNamed = (name: string): ReceivedSpan => {
        const part = parts.get(name);
        if (!part) throw new Error(`no span of part ${name}`);
        return part;
      };
      const summary = (name: string) => {
        const part = partNamed(name);
        return [part.name, part.attributes['bff.part.required'], part.attributes['bff.part.outcome'], part.attributes['bff.part.result'], part.attributes['bff.client']];
      };
      expect(summary('user')).toEqual(['part user', true, 'ok', 'ok', 'web']);
      expect(summary('orders')).toEqual(['part orders', false, 'ok', 'ok', 'web']);
      expect(summary('recommendations')).toEqual(['part recommendations', false, 'unavailable', 'fallback', 'web']);
      expect(summary('products')).toEqual(['part products', false, 'unavailable', 'fallback', 'web']);
      expect(partNamed('products').statusCode).toBe(2);

      const attemptsUnder = (name: string) => childrenOf(partNamed(name)).filter((span) => span.kind === OTLP_KIND.client);
      await otlp.until(() => attemptsUnder('products').length > 0 && attemptsUnder('user').length > 0);
      expect(attemptsUnder('user').map((span) => [span.attributes['bff.upstream.service'], span.attributes['bff.upstream.outcome']])).toEqual([['users', 'success']]);
      expect(attemptsUnder('orders').map((span) => span.attributes['bff.upstream.service'])).toEqual(['orders']);
      for (const attempt of attemptsUnder('products')) {
        expect(attempt).toMatchObject({ traceId: TRACE_ID, statusCode: 2, attributes: { 'bff.upstream.service': 'products', 'server.port': 9, 'bff.upstream.outcome': 'unreachable' } });
      }
      expect(otlp.spans.filter((span) => span.kind === OTLP_KIND.client && span.parentSpanId === server.spanId)).toEqual([]);
    });

    it('shows the gRPC inventory call as a CLIENT span under the stock part', async () => {
      const bff = await start(demo.env);
      await fetch(`${bff.url}/api/v1/dashboard`, { headers: { ...auth, 'x-request-id': 'trace-dash-2' } });
      const server = await serverSpanOf('trace-dash-2');
      const stock = await otlp.until((spans) => spans.find((span) => span.traceId === server.traceId && span.name === 'part stock'));
      const call = await otlp.until((spans) => spans.find((span) => span.parentSpanId === stock.spanId));
      expect(call).toMatchObject({
        name: 'inventory.InventoryService/GetStockBatch',
        kind: OTLP_KIND.client,
        attributes: { 'rpc.system': 'grpc', 'rpc.method': 'GetStockBatch', 'bff.upstream.outcome': 'success' },
      });
      expect(stock.attributes).toMatchObject({ 'bff.part.outcome': 'ok', 'bff.part.result': 'ok' });
    });
  });
});
