import { Dispatcher } from 'undici';

const MAX_ERROR_BODY = 4096;
const SHORT_LINE = /^\P{Cc}{1,200}$/u;

/**
 * The message of an upstream error answer when it is one short printable line (a JSON body's
 * `message` or `detail`, or a plain-text body); `undefined` otherwise. Consumes the body.
 */
export async function upstreamMessage(response: Dispatcher.ResponseData): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= MAX_ERROR_BODY) {
      response.body.destroy();
      return undefined;
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let message: unknown = text.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    message = fields['message'] ?? fields['detail'];
  } catch {
    // not JSON: the plain text is the message
  }
  return typeof message === 'string' && SHORT_LINE.test(message) ? message : undefined;
}
