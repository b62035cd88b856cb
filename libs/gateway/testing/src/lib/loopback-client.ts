import { randomInt } from 'node:crypto';
import { IncomingHttpHeaders, request } from 'node:http';

/** An answer read whole. */
export interface LoopbackAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A client with a peer address of its own; see {@link loopbackClient}. */
export interface LoopbackClient {
  /** The client's source address, as the BFF sees it. */
  address: string;
  get(base: string, path: string, headers?: Record<string, string>): Promise<LoopbackAnswer>;
}

/**
 * A client on a loopback address of its own (127.x.y.z; all of 127/8 is loopback on Linux), so the
 * BFF sees a peer address no other test uses: for limits keyed by the client address.
 *
 * @example
 * const client = loopbackClient();
 * const answer = await client.get(bff.url, '/api/v1/products/p-1', { 'x-forwarded-for': randomPublicIp() });
 */
export function loopbackClient(): LoopbackClient {
  const address = `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;
  const get = (base: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<LoopbackAnswer>((resolve, reject) => {
      const req = request(`${base}${path}`, { headers, localAddress: address, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  return { address, get };
}

/** A random unicast IPv4 address outside loopback, as a spoofed `X-Forwarded-For` would carry. */
export const randomPublicIp = (): string => `${randomInt(1, 224)}.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
