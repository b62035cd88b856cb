import { connect } from 'node:net';

/**
 * Writes `bytes` on a fresh TCP connection and collects everything the server sends until it
 * closes the connection or `idleMs` pass without data: for requests no HTTP client would send.
 *
 * @example
 * const answer = await rawExchange(bff.url, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n');
 */
export function rawExchange(base: string, bytes: string, idleMs = 1000): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setTimeout(idleMs, () => socket.end());
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(bytes, 'latin1');
  });
}
