import proxy from '@fastify/http-proxy';
import Fastify, { FastifyInstance } from 'fastify';
import { benchPool } from './bare-proxy';
import { announcePort } from './processes';

/**
 * A peer the issue names, with none of the gateway's features: Fastify with `@fastify/http-proxy`
 * (reply-from over undici) relaying every path to `origin`, through the bare proxy's pool (128
 * keep-alive connections). The reference figures measured it at 1.6x the bare proxy's CPU
 * per request, and set the pass-through's target (1.5x) to beat it. Listening on a free loopback
 * port; closing the server closes its pool.
 */
export async function startFastifyProxy(origin: string): Promise<FastifyInstance> {
  const pool = benchPool(origin);
  const fastify = Fastify({ keepAliveTimeout: 60_000 });
  await fastify.register(proxy, { upstream: origin, undici: pool });
  fastify.addHook('onClose', async () => pool.close());
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return fastify;
}

// Usage: fastify-proxy.ts <upstream origin>; the port is announced on stdout.
if (require.main === module) {
  void startFastifyProxy(process.argv[2]).then((fastify) => announcePort(fastify.server));
}
