import { PayloadTooLargeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable, Transform } from 'node:stream';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body is not parsed: the handler receives the request stream (for relayed routes). */
    passThrough?: boolean;
    /** This route's body limit in bytes (default: the server's, 1 MiB). */
    bodyLimit?: number;
  }
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

function tooLarge(): PayloadTooLargeException {
  return new PayloadTooLargeException({ detail: 'The request body is larger than this route accepts.' });
}

/**
 * Passes the body through, failing with 413 once more than `limit` bytes have arrived; the rest
 * of the upload is then read and discarded so the client can receive the answer (the request
 * timeout bounds a client that never stops).
 */
function limited(payload: Readable, limit: number): Readable {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > limit ? tooLarge() : null, chunk);
    },
  });
  payload.on('error', (error) => counter.destroy(error));
  counter.on('error', () => payload.resume());
  return payload.pipe(counter);
}

function collect(payload: Readable, limit: number, done: (error: Error | null, body?: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      payload.removeAllListeners('data');
      payload.resume();
      done(tooLarge());
      return;
    }
    chunks.push(chunk);
  });
  payload.on('end', () => size <= limit && done(null, Buffer.concat(chunks)));
  payload.on('error', (error) => done(error));
}

/**
 * Replaces Fastify's body parsers with one that enforces the route's body limit (413 beyond it) and
 * either streams the body through (routes configured with `passThrough`) or reads it whole, parsing
 * JSON with Fastify's own prototype-poisoning-safe parser and keeping any other type as a Buffer.
 */
export function installBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request: FastifyRequest, payload: Readable, done) => {
    const { config } = request.routeOptions;
    const limit = config.bodyLimit ?? request.routeOptions.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 1_048_576;
    if (Number(request.headers['content-length']) > limit) {
      done(tooLarge());
      return;
    }
    if (config.passThrough) {
      done(null, limited(payload, limit));
      return;
    }
    collect(payload, limit, (error, body) => {
      if (error || body === undefined) return done(error);
      if (JSON_TYPE.test(request.headers['content-type'] ?? '')) return parseJson(request, body.toString('utf8'), done);
      done(null, body);
    });
  });
}
