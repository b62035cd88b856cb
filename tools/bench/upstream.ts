import { createServer } from 'node:http';
import { announcePort } from './processes';

/** What the upstream answers to every request, `/health` included: a user record of about 300 bytes. */
export const UPSTREAM_BODY = JSON.stringify({
  id: 'u-1',
  name: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  roles: ['customer'],
  address: { street: '12 Analytical Engine Row', city: 'London', postcode: 'W1 1AA', country: 'GB' },
  preferences: { language: 'en-GB', currency: 'GBP', newsletter: true },
  createdAt: '2024-01-15T09:30:00.000Z',
});

// A minimal keep-alive node:http server on an ephemeral loopback port, announced on stdout.
if (require.main === module) {
  const body = Buffer.from(UPSTREAM_BODY);
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announcePort(server));
}
