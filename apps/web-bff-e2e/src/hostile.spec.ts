import { connect, createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { FakeUpstream, mintToken, rawExchange, RunningBff, startBff } from '@bff/gateway-testing';

const token = mintToken({ sub: 'u-1', roles: ['user'] });
const PATH = '/api/v2/users/u-1';
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
const statusesOf = (answer: string) => [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => Number(match[1]));

/** A request that would be a second, unauthenticated one if the body were read as a new request. */
const HIDDEN = `GET /api/v2/users/smuggled HTTP/1.1\r\nHost: x\r\n\r\n`;

describe('web-bff under hostile requests (raw bytes)', () => {
  let users: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ status: 200, body: { id: 'u-1' } }));
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  beforeEach(() => {
    users.requests.length = 0;
  });

  const smuggled = () => users.requests.filter((request) => request.url.includes('smuggled'));
  const head = (method: string, extra: string) =>
    `${method} ${PATH} HTTP/1.1\r\nHost: bff.test\r\nAuthorization: Bearer ${token}\r\n${extra}`;

  it.each([
    ['Content-Length and Transfer-Encoding together', head('POST', `Content-Length: ${4 + HIDDEN.length}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${HIDDEN}`)],
    ['two different Content-Lengths', head('POST', `Content-Length: 0\r\nContent-Length: ${HIDDEN.length}\r\n\r\n${HIDDEN}`)],
    ['Transfer-Encoding: xchunked', head('POST', `Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n${HIDDEN}`)],
    ['Transfer-Encoding: chunked, identity', head('POST', `Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${HIDDEN}`)],
    ['a space before the colon', head('POST', `Transfer-Encoding : chunked\r\nContent-Length: ${HIDDEN.length}\r\n\r\n${HIDDEN}`)],
    ['an obs-folded Transfer-Encoding', head('POST', `Transfer-Encoding: identity\r\n chunked\r\n\r\n0\r\n\r\n${HIDDEN}`)],
    ['bare LF line endings', `POST ${PATH} HTTP/1.1\nHost: x\nAuthorization: Bearer ${token}\nTransfer-Encoding: chunked\nContent-Length: ${HIDDEN.length}\n\n${HIDDEN}`],
    ['a bare-LF chunk size', head('POST', `Transfer-Encoding: chunked\r\n\r\n0\n\r\n${HIDDEN}`)],
  ])('refuses %s with 400 and never lets the hidden request reach the service', async (_, bytes) => {
    const answer = await rawExchange(bff.url, bytes);
    expect(statusesOf(answer)).not.toContain(200);
    expect(statusOf(answer)).toBe(400);
    expect(answer).toContain('application/problem+json');
    expect(smuggled()).toHaveLength(0);
  });

  it('does not turn into a tunnel when asked to upgrade to h2c: what follows on the connection never reaches the service', async () => {
    const upgrade = head('GET', 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n');
    const answer = await rawExchange(bff.url, upgrade + HIDDEN);
    // The upgrade is not honoured: one plain 200, and what followed on the connection never reached the service.
    expect(statusesOf(answer)[0]).toBe(200);
    expect(answer).not.toContain(' 101 ');
    expect(users.requests).toHaveLength(1);
    expect(users.requests[0].headers['upgrade']).toBeUndefined();
    expect(users.requests[0].headers['http2-settings']).toBeUndefined();
    expect(smuggled()).toHaveLength(0);
  });

  it.each([
    ['a CR in the path', `GET ${PATH}\rX HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['a LF in a header value', head('GET', 'X-Note: a\nX-User-Id: admin\r\n\r\n')],
    ['a NUL in a header value', head('GET', 'X-Note: a\0b\r\n\r\n')],
    ['a dot-dot segment hidden by a fragment', `GET /api/v2/users/..#x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`],
    ['an encoded dot-dot segment hidden by a fragment', `GET /api/v2/users/%2e.#x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`],
  ])('answers 400 to %s without calling the service', async (_, bytes) => {
    const answer = await rawExchange(bff.url, bytes);
    expect(statusOf(answer)).toBe(400);
    expect(users.requests).toHaveLength(0);
  });

  it('refuses two Authorization headers instead of picking one', async () => {
    const other = mintToken({ sub: 'admin-1', roles: ['admin'] });
    const answer = await rawExchange(bff.url, head('GET', `Authorization: Bearer ${other}\r\nConnection: close\r\n\r\n`));
    expect(statusOf(answer)).toBe(401);
    expect(users.requests).toHaveLength(0);
  });

  it('strips identity headers sent under underscore and mixed-case aliases', async () => {
    const aliases = 'X_User_Id: admin\r\nx_user_roles: admin\r\nX-USER-ROLES: admin\r\nX_Forwarded_User: admin\r\nX_Client: admin\r\nConnection: close\r\n\r\n';
    expect(statusOf(await rawExchange(bff.url, head('GET', aliases)))).toBe(200);
    const sent = users.requests[0].rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase().replace(/_/g, '-'));
    expect(sent.filter((name) => name === 'x-user-id')).toHaveLength(1);
    expect(sent.filter((name) => name === 'x-user-roles')).toHaveLength(1);
    expect(sent.filter((name) => name === 'x-client')).toHaveLength(1);
    expect(sent).not.toContain('x-forwarded-user');
    expect(users.requests[0].headers['x-user-id']).toBe('u-1');
    expect(users.requests[0].headers['x-user-roles']).toBe('user');
  });

  it('serves a request with 200 small headers, and stays up after a 70 KB one', async () => {
    const many = Array.from({ length: 200 }, (_, index) => `X-H${index}: v`).join('\r\n');
    expect(statusOf(await rawExchange(bff.url, head('GET', `${many}\r\nConnection: close\r\n\r\n`)))).toBe(200);
    // The 431 itself is in the common contract suite; here the client may see a reset while still writing.
    await rawExchange(bff.url, head('GET', `X-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`)).catch(() => '');
    expect(users.requests).toHaveLength(1);
    expect((await fetch(`${bff.url}/health/live`)).status).toBe(200);
  });

  it('answers long crafted paths at once while the event loop stays free for others', async () => {
    const crafted = [
      `/api/v2/users/${'a/'.repeat(3000)}x`,
      `/api/v2/users/${'%2e'.repeat(5000)}`,
      `/api/v2/${'users/'.repeat(2000)}`,
      `/${'a'.repeat(60_000)}`,
      `/api/v2/users/x?${'a=1&'.repeat(5000)}`,
    ];
    const answers = crafted.map((path) =>
      rawExchange(bff.url, `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`),
    );
    const probe = await fetch(`${bff.url}/health/live`);
    expect(probe.status).toBe(200);
    for (const answer of await Promise.all(answers)) expect([200, 400, 404, 414, 431]).toContain(statusOf(answer));
    // Whatever was relayed stayed under the users route.
    for (const request of users.requests) expect(request.url.startsWith('/users/')).toBe(true);
  });
});

describe('web-bff against slow clients', () => {
  let users: FakeUpstream;
  let orders: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ status: 200, body: { id: 'u-1' } }));
    orders = await FakeUpstream.start(() => ({ status: 201, body: { id: 'o-1' } }));
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, UPSTREAM_ORDERS: orders.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
    await orders.close();
  });

  it('closes connections sending a body at 1 byte/s on its request timeout, and the service never sees them', async () => {
    const { port } = new URL(bff.url);
    const body = JSON.stringify({ items: [{ productId: 'p-1', quantity: 1 }] });
    const trickling = Array.from({ length: 5 }, () => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(
        `POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      let sent = 0;
      const drip = setInterval(() => {
        if (!socket.destroyed && sent < body.length - 1) socket.write(body[sent++]);
      }, 1000);
      return new Promise<string>((resolve) => {
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString('latin1')));
        socket.on('close', () => {
          clearInterval(drip);
          resolve(received);
        });
      });
    });
    const served = await fetch(`${bff.url}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
    expect(served.status).toBe(200);
    for (const answer of await Promise.all(trickling)) expect(answer === '' || statusOf(answer) === 408).toBe(true);
    expect(orders.requests).toHaveLength(0);
  }, 60_000);

  it('closes slowloris connections on its header timeout while serving everyone else', async () => {
    const { port } = new URL(bff.url);
    const slow: Socket[] = [];
    const closed = Array.from({ length: 20 }, () => {
      const socket = connect(Number(port), '127.0.0.1');
      slow.push(socket);
      socket.on('error', () => undefined);
      return new Promise<string>((resolve) => {
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString('latin1')));
        socket.on('close', () => resolve(received));
      });
    });
    const drip = setInterval(() => {
      for (const socket of slow) if (!socket.destroyed) socket.write('X');
    }, 1000);
    for (const socket of slow) socket.write(`GET ${PATH} HTTP/1.1\r\nHost: x\r\nX-Slow: `);
    try {
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${bff.url}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const answers = await Promise.all(closed);
      for (const answer of answers) expect(answer === '' || statusOf(answer) === 408).toBe(true);
    } finally {
      clearInterval(drip);
      for (const socket of slow) socket.destroy();
    }
    expect(users.requests.every((request) => !request.url.includes('slow'))).toBe(true);
  }, 40_000);
});

describe('web-bff against a malformed upstream answer', () => {
  let upstream: Server;
  let bff: RunningBff;
  let connections = 0;
  let answer = '';

  beforeAll(async () => {
    upstream = createServer((socket) => {
      connections++;
      socket.on('data', (chunk) => {
        if (chunk.toString('latin1').startsWith('GET /health')) {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        } else {
          socket.write(answer);
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    bff = await startBff('web-bff', { UPSTREAM_USERS: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await bff.process.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it.each([
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 12\r\n\r\n{}'],
    ['a bare-LF chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\n{}\r\n0\r\n\r\n'],
    ['Content-Length with chunked framing', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'],
  ])('answers 502 to %s and does not reuse that connection', async (_, malformed) => {
    answer = malformed;
    const before = connections;
    const first = await fetch(`${bff.url}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
    expect(first.status).toBe(502);
    expect(((await first.json()) as { detail?: string }).detail ?? '').not.toMatch(/127\.0\.0\.1|Content-Length|HPE_/);
    answer = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
    const second = await fetch(`${bff.url}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
    expect(second.status).toBe(200);
    expect(connections).toBeGreaterThan(before);
  });
});
