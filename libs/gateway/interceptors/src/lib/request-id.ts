import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The id of an incoming request: a well-formed `x-request-id` (up to 128 of `[A-Za-z0-9._-]`) is
 * kept so a trace spans the client and the gateway; anything else is replaced by a new UUID.
 */
export function requestIdOf(req: Pick<IncomingMessage, 'headers'>): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
