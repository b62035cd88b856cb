import fastify, { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { installBodyParsers } from './body-parsers';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

describe('installBodyParsers', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = fastify({ bodyLimit: 64 });
    installBodyParsers(app);
    app.post('/relay', { config: { passThrough: true } }, async (request) => ({
      stream: request.body instanceof Readable,
      raw: await text(request.body as Readable),
    }));
    app.post('/echo', async (request) =>
      Buffer.isBuffer(request.body) ? { buffer: request.body.toString('latin1') } : { parsed: request.body },
    );
    await app.ready();
  });

  afterAll(() => app.close());

  const post = (url: string, contentType: string, payload: string | Buffer | Readable) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/vnd.api+json'])('parses %s', async (type) => {
    const response = await post('/echo', type, '{"name":"Ada","tags":["x"]}');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ parsed: { name: 'Ada', tags: ['x'] } });
  });

  it.each(['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '{"name":'])('refuses the JSON %s with 400', async (json) => {
    const response = await post('/echo', 'application/json', json);
    expect(response.statusCode).toBe(400);
  });

  it('refuses a body over the limit with 413, whether declared or streamed', async () => {
    expect((await post('/echo', 'application/json', JSON.stringify({ a: 'x'.repeat(100) }))).statusCode).toBe(413);
    expect((await post('/echo', 'text/plain', Readable.from([Buffer.alloc(40, 'a'), Buffer.alloc(40, 'b')]))).statusCode).toBe(413);
  });

  it('keeps a non-JSON body as a Buffer on a normal route', async () => {
    const response = await post('/echo', 'text/plain', 'hello');
    expect(response.json()).toEqual({ buffer: 'hello' });
    expect((await post('/echo', 'application/jsonp', 'cb({})')).json()).toEqual({ buffer: 'cb({})' });
  });

  it.each([
    ['application/json', '{"__proto__":{"admin":true}}'],
    ['text/plain', 'plain text'],
    ['application/octet-stream', '\u0000\u00ff\u0001binary'],
  ])('hands a pass-through route the raw %s bytes as a stream', async (type, body) => {
    const response = await post('/relay', type, Buffer.from(body, 'latin1'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ stream: true, raw: body });
  });
});
