import fc from 'fast-check';
import { IncomingHttpHeaders } from 'node:http';
import { ForwardContext, clientResponseHeaders, upstreamRequestHeaders } from './upstream-headers';

const context: ForwardContext = {
  requestId: 'req-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  client: 'web',
  peerAddress: '10.0.0.9',
  protocol: 'http',
  identity: { sub: 'u-1', roles: ['user'] },
};

const IDENTITY = ['x-user-id', 'x-user-roles', 'x-client', 'x-forwarded-user', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-request-id', 'traceparent', 'authorization', 'x-api-key'];
const HOP_BY_HOP = ['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy', 'proxy-authorization', 'proxy-connection'];

/** Header names as Node hands them over (lower case), biased towards the ones that matter. */
const headerName = fc.oneof(
  fc.constantFrom(...IDENTITY, ...HOP_BY_HOP, 'x_user_id', 'x_user-roles', 'x-forwarded_for', 'x_client', 'x_api_key', 'accept', 'x-custom'),
  fc.stringMatching(/^[a-z0-9_-]{1,20}$/),
);
const headerValue = fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }));
const incomingHeaders = fc.dictionary(headerName, headerValue, { maxKeys: 12 }).map((headers): IncomingHttpHeaders => {
  // A `Connection` header may name any of the other headers, as an attacker would.
  const names = Object.keys(headers);
  if (names.length > 0 && headers['connection'] === undefined) headers['connection'] = names.slice(0, 3).join(', ');
  return headers;
});

describe('header hygiene under arbitrary client headers', () => {
  it('sends upstream only the gateway’s identity headers, never the client’s, and no hop-by-hop header', () => {
    fc.assert(
      fc.property(incomingHeaders, (incoming) => {
        const sent = upstreamRequestHeaders(incoming, context);
        expect(sent['x-user-id']).toBe('u-1');
        expect(sent['x-user-roles']).toBe('user');
        expect(sent['x-client']).toBe('web');
        expect(sent['x-request-id']).toBe('req-1');
        expect(sent['traceparent']).toBe(context.traceparent);
        for (const name of Object.keys(sent)) {
          expect(HOP_BY_HOP).not.toContain(name);
          expect(['authorization', 'x-api-key', 'x-forwarded-user']).not.toContain(name.replace(/_/g, '-'));
          if (IDENTITY.includes(name.replace(/_/g, '-'))) expect(name).not.toContain('_');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('relays no hop-by-hop header and no upstream request id back to the client', () => {
    fc.assert(
      fc.property(incomingHeaders, (incoming) => {
        const relayed = clientResponseHeaders(incoming);
        for (const name of Object.keys(relayed)) {
          expect(HOP_BY_HOP).not.toContain(name);
          expect(name).not.toBe('x-request-id');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
