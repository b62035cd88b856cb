import Fastify, { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { installCompression, negotiateEncoding } from './compression';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, undefined],
    ['identity', undefined],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['GZIP', 'gzip'],
  ])('%s -> %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('installCompression', () => {
  let app: FastifyInstance;
  const big = JSON.stringify({ items: Array.from({ length: 100 }, (_, i) => ({ id: `p-${i}`, name: 'Kettle' })) });

  beforeAll(async () => {
    app = Fastify();
    installCompression(app);
    app.get('/big', async (_, reply) => reply.header('content-type', 'application/json').send(big));
    app.get('/small', async () => ({ ok: true }));
    app.get('/encoded', async (_, reply) => reply.header('content-type', 'application/json').header('content-encoding', 'gzip').send(big));
    app.get('/png', async (_, reply) => reply.header('content-type', 'image/png').send(Buffer.alloc(4096)));
    app.get('/stream', async (_, reply) => reply.header('content-type', 'application/json').send(Readable.from([Buffer.from(big)])));
    await app.ready();
  });

  afterAll(() => app.close());

  it('answers a large JSON body in brotli when accepted', async () => {
    const response = await app.inject({ url: '/big', headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['vary']).toContain('Accept-Encoding');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(big);
  });

  it('answers gzip to a client that accepts only gzip', async () => {
    const response = await app.inject({ url: '/big', headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.rawPayload).toString()).toBe(big);
  });

  it('compresses a streamed body on the fly', async () => {
    const response = await app.inject({ url: '/stream', headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.rawPayload).toString()).toBe(big);
  });

  it.each([
    ['/big', {}],
    ['/small', { 'accept-encoding': 'gzip' }],
    ['/png', { 'accept-encoding': 'gzip' }],
  ])('leaves %s uncompressed for %j', async (url, headers) => {
    const response = await app.inject({ url, headers });
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('never encodes a body twice', async () => {
    const response = await app.inject({ url: '/encoded', headers: { 'accept-encoding': 'br' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.body).toBe(big);
  });
});
