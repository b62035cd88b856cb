import type { FastifyRequest } from 'fastify';
import { traceIdOf } from '@bff/gateway-observability';
import { forwardContextOf, upstreamTrailOf } from './forward-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const requestWith = (headers: Record<string, string>) =>
  ({ id: 'r-1', headers, socket: { remoteAddress: '127.0.0.1' }, protocol: 'http' }) as unknown as FastifyRequest;

describe('forwardContextOf and upstreamTrailOf', () => {
  it('continues the incoming trace on every call, a new span each, and counts the calls', () => {
    const request = requestWith({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` });
    expect(upstreamTrailOf(request)).toEqual({ calls: 0, traceId: TRACE_ID });
    const first = forwardContextOf(request, 'web').traceparent;
    const second = forwardContextOf(request, 'web').traceparent;
    expect([traceIdOf(first), traceIdOf(second)]).toEqual([TRACE_ID, TRACE_ID]);
    expect(first).not.toBe(second);
    expect(upstreamTrailOf(request).calls).toBe(2);
    expect(upstreamTrailOf(request).traceId).toBe(TRACE_ID);
  });

  it('starts one trace for all calls of a request without a valid traceparent', () => {
    const request = requestWith({ traceparent: 'garbage' });
    const first = traceIdOf(forwardContextOf(request, 'web').traceparent);
    const second = traceIdOf(forwardContextOf(request, 'web').traceparent);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toBe(first);
    expect(upstreamTrailOf(request).traceId).toBe(first);
  });

  it('starts one trace for all calls of a request whose traceparent has a zero span id', () => {
    const request = requestWith({ traceparent: `00-${TRACE_ID}-${'0'.repeat(16)}-01` });
    const first = traceIdOf(forwardContextOf(request, 'web').traceparent);
    const second = traceIdOf(forwardContextOf(request, 'web').traceparent);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect([first, second]).not.toContain(TRACE_ID);
    expect(second).toBe(first);
    expect(upstreamTrailOf(request).traceId).toBe(first);
  });

  it('reports no calls and no trace for a request that made none and sent none', () => {
    expect(upstreamTrailOf(requestWith({}))).toEqual({ calls: 0, traceId: undefined });
  });
});
