import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startNestForwarder } from './nest-forwarder';

/** What the upstream saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('the Nest forwarder (the bench’s featureless Nest row)', () => {
  let upstream: Server;
  let forwarder: NestFastifyApplication;
  let url: string;
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
    forwarder = await startNestForwarder(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    url = `http://127.0.0.1:${(forwarder.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await forwarder.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('relays a GET with its path, query and end-to-end headers, and answers what the upstream answered', async () => {
    const response = await fetch(`${url}/users/u-1?x=1`, { headers: { authorization: 'Bearer t', 'x-custom': 'kept' } });
    expect(response.status).toBe(207);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.text()).toBe('{"ok":true}');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/users/u-1?x=1', body: '' });
    expect(seen[0].headers).toMatchObject({ authorization: 'Bearer t', 'x-custom': 'kept' });
  });

  it('relays a request body', async () => {
    const response = await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"items":[1]}' });
    expect(response.status).toBe(207);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/orders', body: '{"items":[1]}' });
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = await startNestForwarder(`http://127.0.0.1:${port}`);
    try {
      expect((await fetch(`http://127.0.0.1:${(nowhere.getHttpServer().address() as AddressInfo).port}/users/u-1`)).status).toBe(502);
    } finally {
      await nowhere.close();
    }
  });
});
