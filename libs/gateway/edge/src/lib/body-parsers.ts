import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body is not parsed: the handler receives the request stream (for relayed routes). */
    passThrough?: boolean;
  }
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

function tooLarge(): Error {
  return Object.assign(new Error('request body too large'), { statusCode: 413 });
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
 * Replaces Fastify's body parsers with one that streams bodies through on routes configured with
 * `passThrough` and otherwise reads the body up to the route's limit (413 beyond it), parsing JSON
 * with Fastify's own prototype-poisoning-safe parser and keeping any other type as a Buffer.
 */
export function installBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request: FastifyRequest, payload: Readable, done) => {
    if (request.routeOptions.config.passThrough) {
      done(null, payload);
      return;
    }
    const limit = request.routeOptions.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 1_048_576;
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      done(tooLarge());
      return;
    }
    collect(payload, limit, (error, body) => {
      if (error || body === undefined) return done(error);
      if (JSON_TYPE.test(request.headers['content-type'] ?? '')) return parseJson(request, body.toString('utf8'), done);
      done(null, body);
    });
  });
}
