import { clientResponseHeaders, ForwardContext, gatewayHeaders, upstreamRequestHeaders } from './upstream-headers';

const context: ForwardContext = {
  requestId: 'req-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  client: 'web',
  peerAddress: '10.0.0.7',
  forwardedFor: '203.0.113.9',
  host: 'bff.example',
  protocol: 'https',
  identity: { sub: 'u-1', roles: ['user', 'admin'] },
};

describe('gatewayHeaders', () => {
  it('sets request id, trace context, client, X-Forwarded-* (appending the peer) and the identity', () => {
    expect(gatewayHeaders(context)).toEqual({
      'x-request-id': 'req-1',
      traceparent: context.traceparent,
      'x-client': 'web',
      'x-forwarded-for': '203.0.113.9, 10.0.0.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'bff.example',
      'x-user-id': 'u-1',
      'x-user-roles': 'user,admin',
    });
  });

  it('starts X-Forwarded-For with the peer and sets no identity for an anonymous request', () => {
    const headers = gatewayHeaders({ ...context, forwardedFor: undefined, host: undefined, identity: undefined });
    expect(headers).toEqual({
      'x-request-id': 'req-1',
      traceparent: context.traceparent,
      'x-client': 'web',
      'x-forwarded-for': '10.0.0.7',
      'x-forwarded-proto': 'https',
    });
  });
});

describe('upstreamRequestHeaders', () => {
  it('drops hop-by-hop headers, those Connection names and proxy-*, and keeps the rest', () => {
    const headers = upstreamRequestHeaders(
      {
        connection: 'keep-alive, X-Hop',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        trailer: 'x-checksum',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        proxy: 'http://attacker.example',
        'proxy-authorization': 'Basic eDp5',
        'proxy-connection': 'keep-alive',
        host: 'bff.example',
        'x-hop': '1',
        accept: 'application/json',
        'content-type': 'application/json',
        'x-tags': ['a', 'b'],
      },
      context,
    );
    expect(headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'x-tags': ['a', 'b'], ...gatewayHeaders(context) });
  });

  it('strips identity, tracing, authorization and API-key headers in any spelling, then sets the gateway ones', () => {
    const headers = upstreamRequestHeaders(
      {
        'x-user-id': 'admin',
        x_user_id: 'admin',
        'x-user_roles': 'admin',
        x_forwarded_user: 'admin',
        'x-forwarded-for': '1.2.3.4',
        x_forwarded_for: '1.2.3.4',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'http',
        'x-client': 'admin',
        'x-request-id': 'spoofed',
        traceparent: '00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01',
        authorization: 'Bearer secret',
        'x-api-key': 'k-secret',
        x_api_key: 'k-secret',
      },
      context,
    );
    expect(headers).toEqual(gatewayHeaders(context));
  });

  it('does not let Connection remove the headers the gateway sets', () => {
    const headers = upstreamRequestHeaders({ connection: 'x-user-id, X-Request-Id, traceparent, x-forwarded-for', 'x-user-id': 'admin' }, context);
    expect(headers).toMatchObject({
      'x-user-id': 'u-1',
      'x-request-id': 'req-1',
      traceparent: context.traceparent,
      'x-forwarded-for': '203.0.113.9, 10.0.0.7',
    });
  });
});

describe('clientResponseHeaders', () => {
  it('drops hop-by-hop headers, those Connection names, proxy-*, the upstream request id and its RateLimit-* headers', () => {
    const headers = clientResponseHeaders({
      connection: 'close, x-hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'proxy-authenticate': 'Basic',
      'x-request-id': 'upstream-id',
      'ratelimit-limit': '1000',
      'ratelimit-remaining': '999',
      'content-type': 'application/json',
      etag: '"v1"',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(headers).toEqual({ 'content-type': 'application/json', etag: '"v1"', 'set-cookie': ['a=1', 'b=2'] });
  });
});
