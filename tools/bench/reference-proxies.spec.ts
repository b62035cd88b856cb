import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startFastifyProxy } from './fastify-proxy';
import { startNestForwarder } from './nest-forwarder';

/** What the upstream saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A reference proxy of the bench, running in this process: its URL, and how to stop it. */
interface Running {
  url: string;
  close(): Promise<unknown>;
}

const portOf = (server: Server): number => (server.address() as AddressInfo).port;

const nestForwarder = async (origin: string): Promise<Running> => {
  const app = await startNestForwarder(origin);
  return { url: `http://127.0.0.1:${portOf(app.getHttpServer())}`, close: () => app.close() };
};

const fastifyProxy = async (origin: string): Promise<Running> => {
  const fastify = await startFastifyProxy(origin);
  return { url: `http://127.0.0.1:${portOf(fastify.server)}`, close: () => fastify.close() };
};

// Each with what it answers when its upstream cannot be reached (reply-from: 500 for a refused connection).
describe.each([
  ['the Nest forwarder (the bench’s featureless Nest row)', nestForwarder, 502],
  ['the @fastify/http-proxy row (the bench’s featureless peer)', fastifyProxy, 500],
])('%s', (_name, start, unreachable) => {
  let upstream: Server;
  let proxy: Running;
  const seen: Seen[] = [];

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(207, { 'content-type': 'application/json', 'x-answer': 'yes', connection: 'keep-alive' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = await start(`http://127.0.0.1:${portOf(upstream)}`);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('relays a GET with its path, query and end-to-end headers, and answers what the upstream answered', async () => {
    const response = await fetch(`${proxy.url}/users/u-1?x=1`, { headers: { authorization: 'Bearer t', 'x-custom': 'kept' } });
    expect(response.status).toBe(207);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.text()).toBe('{"ok":true}');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/users/u-1?x=1', body: '' });
    expect(seen[0].headers).toMatchObject({ authorization: 'Bearer t', 'x-custom': 'kept' });
  });

  it('relays a request body', async () => {
    const response = await fetch(`${proxy.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"items":[1]}' });
    expect(response.status).toBe(207);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/orders', body: '{"items":[1]}' });
  });

  it(`answers ${unreachable} when the upstream cannot be reached`, async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = portOf(closed);
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = await start(`http://127.0.0.1:${port}`);
    try {
      expect((await fetch(`${nowhere.url}/users/u-1`)).status).toBe(unreachable);
    } finally {
      await nowhere.close();
    }
  });
});
