import { IncomingHttpHeaders, OutgoingHttpHeaders, request } from 'node:http';

/** An answer read whole. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Sends one request with node:http, with the path exactly as given and any headers (fetch would
 * normalise dot-segments and refuses headers such as `Connection`), on a connection of its own.
 *
 * @example
 * const { status } = await rawRequest(bff.url, { path: '/a/../b', headers: { connection: 'x-user-id' } });
 */
export function rawRequest(
  base: string,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = { method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false };
    const req = request(`${base}${options.path}`, target, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
