import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('web-bff: one JSON access line per request, without secrets', () => {
  let users: FakeUpstream;
  let bff: RunningBff;
  const token = mintToken({ sub: 'u-42' });

  beforeAll(async () => {
    users = await FakeUpstream.start();
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  function jsonLines(): Record<string, unknown>[] {
    return bff.process.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The access lines of `requestId`, once at least one was written (the log is asynchronous). */
  async function accessLinesOf(requestId: string): Promise<Record<string, unknown>[]> {
    for (let i = 0; i < 100; i++) {
      const lines = jsonLines().filter((line) => line['requestId'] === requestId && line['msg'] === 'request');
      if (lines.length > 0) return lines;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no access line for ${requestId}:\n${bff.process.output}`);
  }

  it('logs an authenticated pass-through with its route template, user, request id and trace id, and no token', async () => {
    users.handler = () => ({ status: 200, body: { id: 'u-42' } });
    const response = await fetch(`${bff.url}/api/v2/users/u-42/preferences?secret=q`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-request-id': 'access-log-ok-1',
        traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
      },
    });
    expect(response.status).toBe(200);
    const lines = await accessLinesOf('access-log-ok-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      name: 'web-bff',
      method: 'GET',
      route: '/api/v2/users/*',
      status: 200,
      requestId: 'access-log-ok-1',
      traceId: TRACE_ID,
      userId: 'u-42',
      client: 'web',
      upstreamCalls: 1,
    });
    expect(typeof lines[0]['durationMs']).toBe('number');
    expect(users.requests[users.requests.length - 1].headers['traceparent']).toContain(TRACE_ID);
    expect(bff.process.output).not.toContain(token);
    expect(bff.process.output).not.toMatch(/bearer|authorization/i);
    expect(bff.process.output).not.toContain('secret=q');
  });

  it('logs an upstream failure with the 502 the client saw', async () => {
    users.handler = () => ({ status: 500, body: { error: 'boom' } });
    const response = await fetch(`${bff.url}/api/v2/users/u-42`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'access-log-502-1' },
    });
    expect(response.status).toBe(502);
    const lines = await accessLinesOf('access-log-502-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', route: '/api/v2/users/*', status: 502, userId: 'u-42' });
    expect(lines[0]['traceId']).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[0]['upstreamCalls']).toBe(1);
  });

  it('logs an unknown path as unmatched, and probes not at info', async () => {
    await fetch(`${bff.url}/no/such/path/x-123`, { headers: { 'x-request-id': 'access-log-404-1' } });
    await fetch(`${bff.url}/health/live`, { headers: { 'x-request-id': 'access-log-probe-1' } });
    const lines = await accessLinesOf('access-log-404-1');
    expect(lines).toEqual([expect.objectContaining({ route: 'unmatched', status: 404 })]);
    expect(bff.process.output).not.toContain('x-123');
    expect(jsonLines().filter((line) => line['requestId'] === 'access-log-probe-1')).toEqual([]);
  });

  it('writes Nest logs as JSON lines with their context', () => {
    const startup = jsonLines().find((line) => String(line['msg']).startsWith('listening on'));
    expect(startup).toMatchObject({ level: 30, context: 'web-bff' });
  });
});

describe('web-bff: the access lines of the last requests before SIGTERM', () => {
  it('are all on stdout when the process has exited (stdout is written asynchronously, and flushed at exit)', async () => {
    const users = await FakeUpstream.start(() => ({ status: 200, body: { id: 'u-42' } }));
    const bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, LOG_LEVEL: 'info', SHUTDOWN_DELAY_MS: '0', RATE_LIMIT: '100000/1s' });
    try {
      const headers = { authorization: `Bearer ${mintToken({ sub: 'u-42' })}` };
      const ids = Array.from({ length: 2000 }, (_, i) => `last-before-exit-${i}`);
      for (let start = 0; start < ids.length; start += 100) {
        const batch = ids.slice(start, start + 100);
        const statuses = await Promise.all(
          batch.map((id) => fetch(`${bff.url}/api/v2/users/u-42`, { headers: { ...headers, 'x-request-id': id } }).then((response) => response.status)),
        );
        expect(statuses.every((status) => status === 200)).toBe(true);
      }
      expect(await bff.process.stop()).toBe(0);
      const logged = new Set(
        bff.process.output
          .split('\n')
          .filter((line) => line.startsWith('{') && line.includes('"msg":"request"'))
          .map((line) => (JSON.parse(line) as { requestId: string }).requestId),
      );
      expect(ids.filter((id) => !logged.has(id))).toEqual([]);
    } finally {
      await bff.process.stop();
      await users.close();
    }
  });
});
