import 'reflect-metadata';
import { All, Controller, DynamicModule, Inject, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Dispatcher, Pool } from 'undici';
import { benchPool, endToEnd } from './bare-proxy';
import { announcePort } from './processes';

/** undici's pool to the upstream, as the bare proxy's. */
const UPSTREAM = Symbol('upstream pool');

@Controller()
class ForwardController {
  constructor(@Inject(UPSTREAM) private readonly pool: Pool) {}

  /** Every request, relayed with its end-to-end headers; the answer's body streamed back. */
  @All('*')
  async forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const hasBody = request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    try {
      const { statusCode, headers, body } = await this.pool.request({
        method: request.method as Dispatcher.HttpMethod,
        path: request.url,
        headers: endToEnd(request.headers, true),
        body: hasBody ? request.raw : undefined,
      });
      await reply.status(statusCode).headers(endToEnd(headers, false)).send(body);
    } catch {
      await reply.status(502).send();
    }
  }
}

@Module({})
class ForwarderModule {
  static to(pool: Pool): DynamicModule {
    return { module: ForwarderModule, controllers: [ForwardController], providers: [{ provide: UPSTREAM, useValue: pool }] };
  }
}

/**
 * What Nest on Fastify costs by itself: the bare proxy's forwarding (undici pool, headers, body
 * streamed) in a Nest controller, with none of the gateway's features (no guards, interceptors,
 * logging, metrics, security headers). The reference figures measured such a forwarder at
 * 1.18x the bare proxy's CPU per request. Listening on a free loopback port; closing the app
 * closes its pool.
 */
export async function startNestForwarder(origin: string): Promise<NestFastifyApplication> {
  const pool = benchPool(origin);
  const app = await NestFactory.create<NestFastifyApplication>(ForwarderModule.to(pool), new FastifyAdapter({ keepAliveTimeout: 60_000 }), { logger: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own JSON and text parsers would read the body before the controller: every body is
  // left unread, for the controller to stream to the upstream.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  fastify.addHook('onClose', async () => pool.close());
  await app.listen(0, '127.0.0.1');
  return app;
}

// Usage: nest-forwarder.ts <upstream origin>; the port is announced on stdout.
if (require.main === module) {
  void startNestForwarder(process.argv[2]).then((app) => announcePort(app.getHttpServer()));
}
