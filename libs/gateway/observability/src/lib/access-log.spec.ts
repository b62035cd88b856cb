import { accessLine, AccessFacts } from './access-log';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const facts = (overrides: Partial<AccessFacts> = {}): AccessFacts => ({
  method: 'GET',
  route: '/api/v2/users/*',
  status: 200,
  elapsedMs: 12.3456,
  requestId: 'r-1',
  traceId: TRACE_ID,
  userId: 'u-1',
  client: 'web',
  upstreamCalls: 2,
  cache: undefined,
  rateLimitRemaining: undefined,
  ...overrides,
});

describe('accessLine', () => {
  it('carries the request fields, the duration to 0.1 ms and the trace id', () => {
    expect(accessLine(facts())).toEqual({
      method: 'GET',
      route: '/api/v2/users/*',
      status: 200,
      durationMs: 12.3,
      requestId: 'r-1',
      traceId: TRACE_ID,
      userId: 'u-1',
      client: 'web',
      upstreamCalls: 2,
    });
  });

  it('names an unmatched request "unmatched", never its raw path', () => {
    expect(accessLine(facts({ route: undefined })).route).toBe('unmatched');
  });

  it('adds the cache and rate-limit outcomes when present', () => {
    expect(accessLine(facts({ cache: 'HIT', rateLimitRemaining: '7' }))).toMatchObject({ cache: 'HIT', rateLimitRemaining: 7 });
    expect(accessLine(facts({ status: 429, rateLimitRemaining: '0' }))).toMatchObject({ rateLimited: true, rateLimitRemaining: 0 });
    expect(accessLine(facts({ rateLimitRemaining: 'lots' }))).not.toHaveProperty('rateLimitRemaining');
  });

  it('leaves out the user and trace when there are none', () => {
    const line = accessLine(facts({ userId: undefined, traceId: undefined }));
    expect(line).not.toHaveProperty('userId');
    expect(line).not.toHaveProperty('traceId');
  });

  it('has no place for headers: nothing of an Authorization value gets in', () => {
    const line = accessLine({ ...facts(), headers: { authorization: 'Bearer abc.def.ghi' } } as AccessFacts);
    expect(JSON.stringify(line)).not.toMatch(/bearer|abc\.def|authorization/i);
  });
});
