import type { Readable } from 'node:stream';
import { errors } from 'undici';

/**
 * The whole body of an upstream answer, as one Buffer: the one chunk it came in (the common case
 * for a small answer), else the chunks joined. undici's own readers (`arrayBuffer()`, `text()`)
 * settle their promise twice, once with the body and once more with nothing when they let go of
 * it; each second resolve costs a call into V8's runtime, Node's promise callback, a tick and an
 * event (one per pass-through: 0.5% of its CPU samples). This reads the same stream events and
 * settles once: with the stream's error when it fails, and with undici's `RequestAbortedError` when
 * it closes before its end, as undici's readers do. The Buffer is sent or decoded at once, never
 * kept, so it is not copied out of the socket's read: a copy into a Buffer of its own cost a
 * pass-through 0.4% of its samples, and a backing store for the collector to free.
 */
export function wholeBody(body: Readable): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    if (body.readableEnded || body.destroyed) {
      reject(body.errored ?? new errors.RequestAbortedError());
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    body
      .on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
      })
      .once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length)))
      .once('error', reject)
      .once('close', () => {
        if (!body.readableEnded && !body.errored) reject(new errors.RequestAbortedError());
      });
  });
}

/** The whole body of an upstream answer as UTF-8 text, without a leading byte order mark (as undici's `text()`). */
export async function wholeText(body: Readable): Promise<string> {
  const bytes = await wholeBody(body);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}
