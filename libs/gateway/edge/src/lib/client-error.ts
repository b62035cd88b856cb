import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemBody, problemOf } from './problem';

/** How long a refused connection may go on sending before it is closed hard. */
const LINGER_MS = 2000;

/** Sockets already answered: the parser raises an error again for every further chunk they send. */
const answered = new WeakSet<Socket>();

/**
 * Answers requests Node's HTTP parser refuses before any route runs (malformed framing, smuggling
 * attempts, oversized headers, slow clients) with a problem+json, then closes the connection the
 * way nginx's lingering close does: the answer is sent with a FIN, and what the client is still
 * sending (the rest of a 1 MB header) is read and dropped for at most {@link LINGER_MS}. Closing
 * with unread data queued makes the kernel send a reset, which can discard the answer in flight.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (answered.has(socket)) return;
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  answered.add(socket);
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const problem = problemOf(status);
  const body = problemBody(problem, '/', randomUUID());
  socket.end(
    `HTTP/1.1 ${status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
}
