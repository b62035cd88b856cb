import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';

/** Content encodings the gateway produces, best first. */
export type Encoding = 'br' | 'gzip';

/** Smallest body worth compressing (CONTRACT: 1 KiB and more). */
export const COMPRESSION_THRESHOLD = 1024;

const COMPRESSIBLE = /^(text\/|application\/([\w.+-]+\+)?(json|xml|javascript)|image\/svg\+xml)/i;
// Quality 4 compresses JSON close to the maximum at a fraction of quality 11's CPU.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * The encoding to answer with for an `Accept-Encoding` header: brotli, else gzip, honouring
 * `q=0` and `*`; `undefined` when the client accepts neither.
 */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((name) => weight(name) > 0).sort((a, b) => weight(b) - weight(a))[0];
}

function appendVary(reply: FastifyReply): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/accept-encoding/i.test(vary)) void reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

function compressible(request: FastifyRequest, reply: FastifyReply): boolean {
  const status = reply.statusCode;
  return (
    request.method !== 'HEAD' &&
    status !== 204 &&
    status !== 304 &&
    reply.getHeader('content-encoding') === undefined &&
    COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))
  );
}

/**
 * Compresses answers of {@link COMPRESSION_THRESHOLD} bytes and more with brotli or gzip when the
 * client accepts it: whole bodies at once, relayed streams on the fly (when their length is unknown
 * or large enough). Bodies already encoded (e.g. relayed from an upstream) are left alone.
 */
export function installCompression(fastify: FastifyInstance): void {
  // A callback hook, not an async one: most answers are not compressed, and those pass straight on
  // without a promise per response.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!compressible(request, reply)) return done(null, payload);
    if (payload instanceof Readable) {
      const length = Number(reply.getHeader('content-length') ?? Number.NaN);
      if (length < COMPRESSION_THRESHOLD) return done(null, payload);
      appendVary(reply);
      const encoding = negotiateEncoding(request.headers['accept-encoding']);
      if (!encoding) return done(null, payload);
      void reply.header('content-encoding', encoding).removeHeader('content-length');
      return done(null, payload.pipe(encoding === 'br' ? createBrotliCompress(BROTLI) : createGzip()));
    }
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    if ((typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) < COMPRESSION_THRESHOLD) return done(null, payload);
    appendVary(reply);
    const encoding = negotiateEncoding(request.headers['accept-encoding']);
    if (!encoding) return done(null, payload);
    void reply.header('content-encoding', encoding).removeHeader('content-length');
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    (encoding === 'br' ? brotli(body, BROTLI) : gzipped(body)).then(
      (compressed) => done(null, compressed),
      (error: Error) => done(error),
    );
  });
}
