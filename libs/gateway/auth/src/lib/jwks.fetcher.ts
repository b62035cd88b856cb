import { request } from 'undici';

/** Bounds of one JWKS download. */
export interface JwksFetchLimits {
  /** The whole request, body included, is aborted after this long. */
  timeoutMs: number;
  /** A body larger than this is refused. */
  maxBytes: number;
}

/**
 * Downloads and parses the JSON document at a JWKS URI within a timeout and a size cap. Rejects on
 * a network error, a timeout, a non-2xx answer (redirects are not followed), an oversized body or
 * invalid JSON. Uses undici's `request` rather than `fetch`, which refuses some ports (6000, 6665...).
 *
 * @example
 * const document = await fetchJwksDocument('https://idp.example/.well-known/jwks.json', { timeoutMs: 2000, maxBytes: 131_072 });
 */
export async function fetchJwksDocument(uri: string, limits: JwksFetchLimits): Promise<unknown> {
  const { statusCode, headers, body } = await request(uri, {
    method: 'GET',
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(limits.timeoutMs),
  });
  const refusal =
    statusCode < 200 || statusCode > 299
      ? `answered ${statusCode}`
      : Number(headers['content-length']) > limits.maxBytes
        ? `announced more than ${limits.maxBytes} bytes`
        : undefined;
  if (refusal !== undefined) {
    await body.dump();
    throw new Error(refusal);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limits.maxBytes) throw new Error(`answered more than ${limits.maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
