import { createServer, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { answerClientError } from './client-error';

interface Exchange {
  answer: string;
  /** The error the client's socket saw, if the connection ended with a reset rather than a FIN. */
  error?: string;
}

/**
 * Writes `bytes` in one go and reads until the connection closes. A polite client closes when the
 * server does; a stubborn one keeps its side open and goes on sending junk.
 */
function exchange(port: number, bytes: string, stubborn = false): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: stubborn });
    let answer = '';
    let error: string | undefined;
    const junk = stubborn ? setInterval(() => socket.writable && socket.write('x'.repeat(1024)), 20) : undefined;
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', (cause: NodeJS.ErrnoException) => (error = cause.code));
    socket.on('close', () => {
      clearInterval(junk);
      resolve({ answer, error });
    });
    socket.write(bytes, 'latin1');
  });
}

describe('answerClientError', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_, response) => response.end('ok'));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers oversized headers with one 431 problem and a clean close, even with megabytes still unread', async () => {
    const request = `GET / HTTP/1.1\r\nHost: bff\r\nAuthorization: Bearer ${'x'.repeat(8 * 1024 * 1024)}\r\n\r\n`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const { answer, error } = await exchange(port, request);
      expect(error).toBeUndefined();
      expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
      expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n[^]*Content-Type: application\/problem\+json/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, instance: '/' });
    }
  });

  it('answers malformed framing with 400 and closes a client that keeps sending (its further writes fail)', async () => {
    const { answer } = await exchange(port, 'POST / HTTP/1.1\r\nHost: bff\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde', true);
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[^]*Connection: close\r\n/);
  });
});
