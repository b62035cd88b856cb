import { createServer, IncomingHttpHeaders } from 'node:http';
import { Dispatcher, Pool } from 'undici';
import { announcePort } from './processes';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The headers of a message without the hop-by-hop ones (and, going upstream, without `host`). */
export function endToEnd(headers: IncomingHttpHeaders, dropHost: boolean): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !(dropHost && name === 'host')) kept[name] = value;
  }
  return kept;
}

/** The undici pool every featureless proxy of the bench relays through: 128 keep-alive connections to `origin`. */
export function benchPool(origin: string): Pool {
  return new Pool(origin, { connections: 128, keepAliveTimeout: 30_000 });
}

// The floor a Node proxy cannot beat by much: node:http in, undici Pool out, bodies streamed with
// pipe() (stream/promises' pipeline() measured about twice the CPU per request here), nothing else.
// Usage: bare-proxy.ts <upstream origin>; the port is announced on stdout.
if (require.main === module) {
  const pool = benchPool(process.argv[2]);
  const server = createServer((request, response) => {
    const hasBody = request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    pool
      .request({
        method: request.method as Dispatcher.HttpMethod,
        path: request.url ?? '/',
        headers: endToEnd(request.headers, true),
        body: hasBody ? request : undefined,
      })
      .then(
        ({ statusCode, headers, body }) => {
          response.writeHead(statusCode, endToEnd(headers, false));
          body.once('error', () => response.destroy());
          response.once('close', () => body.destroy());
          body.pipe(response);
        },
        () => response.writeHead(502).end(),
      );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announcePort(server));
}
