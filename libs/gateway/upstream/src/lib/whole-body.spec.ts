import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { errors, request } from 'undici';
import { wholeBody, wholeText } from './whole-body';

/** A local HTTP server whose every answer `answer` writes; its origin. */
async function serving(answer: (response: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer((incoming, response) => {
    incoming.resume();
    answer(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('wholeBody and wholeText, reading an upstream answer whole', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('joins a body that arrives in several chunks into one Buffer of exactly its bytes', async () => {
    const parts = [Buffer.alloc(20_000, 'a'), Buffer.from('{"middle":true}'), Buffer.alloc(30_000, 'z')];
    let origin: string;
    ({ server, origin } = await serving(async (response) => {
      response.writeHead(200, { 'content-length': parts.reduce((sum, part) => sum + part.length, 0) });
      for (const part of parts) {
        response.write(part);
        await later(5);
      }
      response.end();
    }));
    const { body } = await request(origin);
    expect((await wholeBody(body)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('gives a one-chunk body as it came: the very Buffer the stream gave, not a copy', async () => {
    let origin: string;
    ({ server, origin } = await serving((response) => response.end('{"id":"u-1"}')));
    const { body } = await request(origin);
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    const whole = await wholeBody(body);
    expect(chunks).toHaveLength(1);
    expect(whole).toBe(chunks[0]);
    expect(whole.toString()).toBe('{"id":"u-1"}');
  });

  it('gives an empty Buffer for an empty body', async () => {
    let origin: string;
    ({ server, origin } = await serving((response) => response.writeHead(204).end()));
    const { body } = await request(origin);
    expect((await wholeBody(body)).length).toBe(0);
  });

  it('fails when the service breaks off mid-answer, instead of giving the part that came', async () => {
    let origin: string;
    ({ server, origin } = await serving((response) => {
      response.writeHead(200, { 'content-length': 1000 });
      response.write('only the start');
      setTimeout(() => response.socket?.destroy(), 10);
    }));
    const { body } = await request(origin);
    await expect(wholeBody(body)).rejects.toBeInstanceOf(Error);
  });

  it('fails at once for a body already destroyed, with its error', async () => {
    let origin: string;
    ({ server, origin } = await serving((response) => response.end('answer')));
    const { body } = await request(origin);
    const reason = new Error('given up');
    body.on('error', () => undefined).destroy(reason);
    await expect(wholeBody(body)).rejects.toBe(reason);
  });

  it('fails at once for a body already read, instead of waiting for an end that came', async () => {
    let origin: string;
    ({ server, origin } = await serving((response) => response.end('answer')));
    const { body } = await request(origin);
    await wholeBody(body);
    await expect(wholeBody(body)).rejects.toBeInstanceOf(errors.RequestAbortedError);
  });

  it('decodes UTF-8 split across chunks and drops a leading byte order mark, as undici’s text() does', async () => {
    const text = '{"price":"12 €","name":"Zoë"}';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const cut = bytes.indexOf(Buffer.from('€')) + 1;
    let origin: string;
    ({ server, origin } = await serving(async (response) => {
      response.writeHead(200, { 'content-length': bytes.length });
      response.write(bytes.subarray(0, cut));
      await later(10);
      response.end(bytes.subarray(cut));
    }));
    const { body } = await request(origin);
    expect(await wholeText(body)).toBe(text);
  });
});
